using System.Diagnostics;
using System.Globalization;
using ModelContextProtocol.Client;

namespace McpMemory.Benchmarks;

/// <summary>
/// <c>mcp-overhead</c>: latency (p50, p95) of a cheap read-only tool call through the MCP C# SDK client, over stdio and
/// over Streamable HTTP, at concurrency 1 and 16: ours (<c>memory_stats</c> on an empty store) against the official
/// <c>@modelcontextprotocol/server-everything</c> under Node 22 (<c>echo</c>), all four servers up at once and measured
/// in turn within every run.
/// </summary>
internal static class McpOverheadBenchmark
{
    public static async Task<Dictionary<string, object>> RunAsync(BenchmarkArguments arguments)
    {
        var runs = arguments.Int("--runs", 5);
        var calls = arguments.Int("--calls", 400);
        var node = RepositoryPaths.InstallInterop();
        var data = Directory.CreateTempSubdirectory("mcp-memory-bench-mcp-");
        try
        {
            Measure.Progress($"mcp-overhead: starting 4 servers (ours and server-everything, stdio and HTTP); {runs} runs of {calls} calls per case");
            var (command, stdioArgs) = ServerLaunch.Ours("serve", "--data-dir", Path.Combine(data.FullName, "stdio"));
            await using var oursStdio = await ServerLaunch.ConnectStdioAsync("mcp-memory", command, stdioArgs);
            var oursPort = ServerLaunch.FreePort();
            var (_, httpArgs) = ServerLaunch.Ours("serve", "--http", "--urls", $"http://127.0.0.1:{oursPort}", "--data-dir", Path.Combine(data.FullName, "http"));
            await using var oursHttp = await ServerLaunch.StartHttpAsync(command, httpArgs, oursPort);
            await using var peerStdio = await ServerLaunch.ConnectStdioAsync("server-everything", node, [ServerLaunch.EverythingScript, "stdio"]);
            var peerPort = ServerLaunch.FreePort();
            await using var peerHttp = await ServerLaunch.StartHttpAsync(
                node, [ServerLaunch.EverythingScript, "streamableHttp"], peerPort, new() { ["PORT"] = peerPort.ToString(CultureInfo.InvariantCulture) });

            var cases = new (string Transport, McpClient Ours, McpClient Peer)[]
            {
                ("stdio", oursStdio, peerStdio),
                ("http", oursHttp.Client, peerHttp.Client),
            };
            var ourCall = (McpClient c) => c.CallToolAsync("memory_stats", new Dictionary<string, object?>()).AsTask();
            var peerCall = (McpClient c) => c.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "ping" }).AsTask();

            foreach (var (_, ours, peer) in cases)
            {
                await TimeCallsAsync(ours, ourCall, 100, 4); // warm up JIT, connections and caches
                await TimeCallsAsync(peer, peerCall, 100, 4);
            }

            var result = new Dictionary<string, object> { ["mcp_calls_per_case"] = calls };
            var samples = new Dictionary<string, List<(double P50, double P95)>>();
            for (var run = 0; run < runs; run++)
            {
                foreach (var (transport, ours, peer) in cases)
                {
                    foreach (var concurrency in new[] { 1, 16 })
                    {
                        var sides = run % 2 == 0
                            ? new[] { ("ours", ours, ourCall), ("peer", peer, peerCall) }
                            : [("peer", peer, peerCall), ("ours", ours, ourCall)];
                        foreach (var (who, client, call) in sides)
                        {
                            var latencies = await TimeCallsAsync(client, call, calls, concurrency);
                            var key = $"{transport}_c{concurrency}_{who}";
                            if (!samples.TryGetValue(key, out var list))
                            {
                                samples[key] = list = [];
                            }

                            list.Add((Measure.Percentile(latencies, 0.5), Measure.Percentile(latencies, 0.95)));
                        }

                        Measure.Progress(string.Create(CultureInfo.InvariantCulture,
                            $"mcp-overhead: run {run + 1}/{runs} {transport,-5} c{concurrency,-2}: ours p50 {samples[$"{transport}_c{concurrency}_ours"][^1].P50:F3} ms, server-everything p50 {samples[$"{transport}_c{concurrency}_peer"][^1].P50:F3} ms"));
                    }
                }
            }

            foreach (var (transport, _, _) in cases)
            {
                foreach (var concurrency in new[] { 1, 16 })
                {
                    var o = samples[$"{transport}_c{concurrency}_ours"];
                    var p = samples[$"{transport}_c{concurrency}_peer"];
                    var (o50, o95, p50, p95) = (Measure.Median(o.Select(x => x.P50)), Measure.Median(o.Select(x => x.P95)), Measure.Median(p.Select(x => x.P50)), Measure.Median(p.Select(x => x.P95)));
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"mcp-overhead {transport,-5} concurrency {concurrency,2}: ours (memory_stats) p50 {o50:F3} ms p95 {o95:F3} ms; server-everything (echo) p50 {p50:F3} ms p95 {p95:F3} ms; p50 {Measure.Versus(o50, p50, higherIsBetter: false)}, p95 {Measure.Versus(o95, p95, higherIsBetter: false)}"));
                    var prefix = $"mcp_{transport}_c{concurrency}";
                    result[$"{prefix}_ours_p50_ms"] = Measure.Round(o50, 3);
                    result[$"{prefix}_ours_p95_ms"] = Measure.Round(o95, 3);
                    result[$"{prefix}_peer_p50_ms"] = Measure.Round(p50, 3);
                    result[$"{prefix}_peer_p95_ms"] = Measure.Round(p95, 3);
                    result[$"{prefix}_p50_ratio"] = Measure.Ratio(o50, p50, higherIsBetter: false);
                    result[$"{prefix}_p95_ratio"] = Measure.Ratio(o95, p95, higherIsBetter: false);
                }
            }

            return result;
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    /// <summary>Makes <paramref name="calls"/> calls from <paramref name="concurrency"/> workers and returns each call's latency in ms.</summary>
    private static async Task<List<double>> TimeCallsAsync(McpClient client, Func<McpClient, Task<ModelContextProtocol.Protocol.CallToolResult>> call, int calls, int concurrency)
    {
        var latencies = new double[calls];
        var next = -1;
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < calls)
            {
                var started = Stopwatch.GetTimestamp();
                var result = await call(client);
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (result.IsError == true)
                {
                    throw new InvalidOperationException("a benchmark tool call failed");
                }
            }
        });
        await Task.WhenAll(workers);
        return [.. latencies];
    }
}
