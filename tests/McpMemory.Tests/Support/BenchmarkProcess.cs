using System.Diagnostics;

namespace McpMemory.Tests.Support;

/// <summary>Runs the benchmarks (tools/McpMemory.Benchmarks, built beside the tests) as their own process, as a user would.</summary>
internal static class BenchmarkProcess
{
    /// <summary>
    /// Runs the benchmarks with <paramref name="arguments"/> from the repository root and returns the exit code and both
    /// outputs; past <paramref name="timeout"/> the process is killed and the test fails with what it printed.
    /// </summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(IEnumerable<string> arguments, TimeSpan timeout)
    {
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancellation.CancelAfter(timeout);
        var info = new ProcessStartInfo(ServerProcess.DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot.Path,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "McpMemory.Benchmarks.dll"));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the benchmarks");
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            throw new OperationCanceledException($"the benchmark ({string.Join(' ', info.ArgumentList.Skip(1))}) did not finish within {timeout}:\n{await stdout}\n{await stderr}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
