using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using McpMemory.Mcp;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpMemory.Benchmarks;

/// <summary>
/// The two servers of the <c>graph</c> benchmark over stdio: ours (<c>mcp-memory serve</c>) and the official
/// <c>@modelcontextprotocol/server-memory</c> under Node 22, and how each store is seeded and made ready.
/// </summary>
internal static class GraphServers
{
    public static RequestOptions OurToolOptions { get; } = new() { JsonSerializerOptions = McpMemoryJsonContext.ToolOptions };

    /// <summary>Our command line that loads server-memory's file into a data directory.</summary>
    public static string[] ImportArguments(string memoryFile, string dataDirectory) =>
        ["import", "--format", "server-memory", memoryFile, "--data-dir", dataDirectory];

    public static Task<McpClient> StartOursAsync(string dataDirectory)
    {
        var (command, arguments) = ServerLaunch.Ours("serve", "--data-dir", dataDirectory);
        return ServerLaunch.ConnectStdioAsync("mcp-memory", command, arguments);
    }

    public static Task<McpClient> StartPeerAsync(string node, string memoryFile) =>
        ServerLaunch.ConnectStdioAsync("server-memory", node, [ServerLaunch.MemoryScript], new() { ["MEMORY_FILE_PATH"] = memoryFile });

    /// <summary>Calls a tool and returns its structured content; a tool error or no structured content throws.</summary>
    public static async Task<JsonElement> CallAsync(McpClient client, bool ours, string tool, Dictionary<string, object?> arguments)
    {
        var result = await client.CallToolAsync(tool, arguments, null, ours ? OurToolOptions : null);
        if (result.IsError == true || result.StructuredContent is not { } content)
        {
            var text = string.Join(" ", result.Content.OfType<TextContentBlock>().Select(c => c.Text));
            throw new InvalidOperationException($"{(ours ? "mcp-memory" : "server-memory")} {tool} failed: {text}");
        }

        return content;
    }

    /// <summary>Runs <c>mcp-memory import --format server-memory</c> and returns how long it took.</summary>
    public static async Task<TimeSpan> ImportIntoOursAsync(string memoryFile, string dataDirectory)
    {
        var (command, arguments) = ServerLaunch.Ours(ImportArguments(memoryFile, dataDirectory));
        var start = new ProcessStartInfo(command, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {command}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var elapsed = clock.Elapsed;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"mcp-memory {string.Join(' ', ImportArguments(memoryFile, dataDirectory))} failed (exit {process.ExitCode}):\n{await stdout}\n{await stderr}");
        }

        Measure.Progress($"graph: import said: {(await stdout).Trim()}");
        return elapsed;
    }

    /// <summary>
    /// Waits until every entity of ours can be found by meaning: <c>search_nodes</c> with <c>waitForEmbeddings</c> (and
    /// <c>limit</c> 0, so no query is embedded), in slices of 10 s so progress shows; returns how long that took.
    /// </summary>
    public static async Task<TimeSpan> WaitForOurEmbeddingsAsync(McpClient client, string label)
    {
        var clock = Stopwatch.StartNew();
        var arguments = new Dictionary<string, object?> { ["query"] = "graph-benchmark-wait", ["limit"] = 0, ["waitForEmbeddings"] = true, ["maxTokens"] = 100 };
        while (true)
        {
            using var slice = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                var result = await client.CallToolAsync("search_nodes", arguments, null, OurToolOptions, slice.Token);
                if (result.IsError == true)
                {
                    throw new InvalidOperationException($"mcp-memory search_nodes (waiting for embeddings) failed: {string.Join(" ", result.Content.OfType<TextContentBlock>().Select(c => c.Text))}");
                }

                if (clock.Elapsed > TimeSpan.FromSeconds(10))
                {
                    Measure.Progress(string.Create(CultureInfo.InvariantCulture, $"graph: {label}: every entity embedded after {clock.Elapsed.TotalSeconds:F1} s"));
                }

                return clock.Elapsed;
            }
            catch (OperationCanceledException) when (slice.IsCancellationRequested)
            {
                Measure.Progress(string.Create(CultureInfo.InvariantCulture, $"graph: {label}: still embedding after {clock.Elapsed.TotalSeconds:F0} s"));
            }
        }
    }

    /// <summary>
    /// Waits (up to <paramref name="timeout"/>) until every graph under <paramref name="dataDirectory"/> has a snapshot
    /// with its vectors and no log beyond the fresh one, so a copy starts without embedding everything again. The server
    /// snapshots on its own once embedding is done; stopping it while that snapshot is written loses the snapshot (and
    /// the vectors) for good, so the seed must not be stopped before it is there.
    /// </summary>
    public static async Task WaitForOurSnapshotAsync(string dataDirectory, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var graphs = Path.Combine(dataDirectory, "graphs");
        while (true)
        {
            var folders = Directory.Exists(graphs) ? Directory.GetDirectories(graphs) : [];
            if (folders.All(f => File.Exists(Path.Combine(f, "snapshot.json")) && File.Exists(Path.Combine(f, "vectors.bin")) && Directory.GetFiles(f, "graph-*.log").Length == 1))
            {
                Measure.Progress(string.Create(CultureInfo.InvariantCulture, $"graph: seed snapshot with vectors written ({clock.Elapsed.TotalSeconds:F1} s after embedding)"));
                return;
            }

            if (clock.Elapsed > timeout)
            {
                Measure.Progress($"graph: no graph snapshot with vectors after {timeout.TotalSeconds:F0} s: every run of ours will embed the seed again at its start (reported as the start wait)");
                return;
            }

            await Task.Delay(500);
        }
    }

    /// <summary>Copies a stopped server's data directory (<c>cp -a</c>, which also copies what File.Copy cannot).</summary>
    public static async Task CopyDirectoryAsync(string from, string to)
    {
        using var process = Process.Start(new ProcessStartInfo("cp", ["-a", from, to]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("cannot run cp");
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"cp -a {from} {to} failed (exit {process.ExitCode})");
        }
    }
}
