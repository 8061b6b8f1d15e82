using System.Diagnostics;
using System.Text.Json;

namespace McpMemory.Benchmarks;

/// <summary>
/// An A2A agent written with the reference JavaScript SDK: a script of <c>tools/interop</c> under Node 22 that listens on
/// a free loopback port and prints <c>{"url": BASE_URL}</c> as its first line; disposing stops it.
/// </summary>
internal sealed class A2APeerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private A2APeerProcess(Process process, Uri baseUri)
    {
        _process = process;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    public Uri Endpoint => new(BaseUri, "/a2a");

    public string CardUrl => new Uri(BaseUri, "/.well-known/agent-card.json").ToString();

    /// <summary>Starts <c>node SCRIPT ARGUMENTS</c> in <c>tools/interop</c> and waits for the URL it prints.</summary>
    public static async Task<A2APeerProcess> StartAsync(string node, string script, params string[] arguments)
    {
        var start = new ProcessStartInfo(node, [Path.Combine(RepositoryPaths.Interop, script), .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryPaths.Interop,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start node {script}");
        var stderr = new List<string>();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stderr)
                {
                    stderr.Add(e.Data);
                }
            }
        };
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var first = await process.StandardOutput.ReadLineAsync(timeout.Token);
        if (first is null)
        {
            await process.WaitForExitAsync(timeout.Token);
            lock (stderr)
            {
                throw new InvalidOperationException($"node {script} {string.Join(' ', arguments)} exited with {process.ExitCode} before it listened:\n{string.Join('\n', stderr)}");
            }
        }

        var url = JsonDocument.Parse(first).RootElement.GetProperty("url").GetString()
            ?? throw new InvalidOperationException($"node {script} printed no URL: {first}");
        return new A2APeerProcess(process, new Uri(url));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
