using System.Diagnostics;
using McpMemory.Tests.Support;

namespace McpMemory.Tests.Interop;

/// <summary>
/// The outside tools of <c>tools/interop</c> (Node 22, the MCP conformance suite, the MCP Inspector, LanceDB), as
/// <c>tools/interop/install.sh</c> installs them. <c>tools/test.sh</c> runs the install first and passes the Node 22
/// binary in <c>MCPMEMORY_NODE22</c>; without it the first test that needs Node runs install.sh itself. A missing or
/// broken tool fails the test: these checks are never skipped.
/// </summary>
public static class InteropTools
{
    public const string NodeVariable = "MCPMEMORY_NODE22";

    private static readonly Lazy<Task<string>> Node = new(FindOrInstallNodeAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string Folder { get; } = Path.Combine(RepositoryRoot.Path, "tools", "interop");

    public static string ConformanceCli { get; } = Path.Combine(Folder, "node_modules", "@modelcontextprotocol", "conformance", "dist", "index.js");

    /// <summary>The Inspector's launcher (its <c>mcp-inspector</c> bin); <c>--cli</c> picks its command-line client.</summary>
    public static string InspectorLauncher { get; } = Path.Combine(Folder, "node_modules", "@modelcontextprotocol", "inspector", "clients", "launcher", "build", "index.js");

    public static string LanceDbTopK { get; } = Path.Combine(Folder, "lancedb-topk.mjs");

    /// <summary>The Node 22 binary; installs the tools first when neither the environment nor the folder has them.</summary>
    public static Task<string> Node22Async() => Node.Value;

    /// <summary>Runs <paramref name="script"/> with Node 22 and waits for it, killing it when the token fires.</summary>
    public static async Task<NodeRun> RunNodeAsync(string script, IEnumerable<string> arguments, CancellationToken cancellationToken, string? workingDirectory = null, IDictionary<string, string?>? environment = null)
    {
        var node = await Node22Async();
        Assert.True(File.Exists(script), $"{script} is missing: run 'bash tools/interop/install.sh'.");
        return await RunAsync(node, [script, .. arguments], workingDirectory ?? Folder, environment, cancellationToken);
    }

    private static async Task<string> FindOrInstallNodeAsync()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(NodeVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return File.Exists(fromEnvironment)
                ? fromEnvironment
                : throw new InvalidOperationException($"{NodeVariable} names {fromEnvironment}, which does not exist: run 'bash tools/interop/install.sh'.");
        }

        // install.sh is quick when node_modules already matches the lock file; it prints the Node 22 path on stdout.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        var install = await RunAsync("bash", [Path.Combine(Folder, "install.sh")], Folder, null, timeout.Token);
        var node = install.Stdout.Trim().Split('\n')[^1].Trim();
        if (install.ExitCode != 0 || !File.Exists(node))
        {
            throw new InvalidOperationException($"tools/interop/install.sh failed, so the interop tools are missing:\n{install}");
        }

        return node;
    }

    private static async Task<NodeRun> RunAsync(string program, IEnumerable<string> arguments, string workingDirectory, IDictionary<string, string?>? environment, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {program}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException ex)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            throw new OperationCanceledException($"{program} {string.Join(' ', info.ArgumentList)} did not finish in time:\n{await stdout}\n{await stderr}", ex, cancellationToken);
        }

        return new NodeRun(process.ExitCode, await stdout, await stderr);
    }
}
