using System.Text.Json;
using McpMemory.Tests.Interop;
using McpMemory.Tests.Support;

namespace McpMemory.Tests.Integration;

/// <summary>
/// The <c>graph</c> benchmark (tools/McpMemory.Benchmarks) end to end in its quick mode: both servers over stdio, one
/// size built through create_entities and one seeded through <c>mcp-memory import --format server-memory</c>, the
/// table, the target lines and the JSON line. Its figures mean nothing at these sizes; that the command works does.
/// </summary>
public sealed class GraphBenchmarkTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task GraphBenchmark_QuickMode_MeasuresBothServersAndEndsWithOneJsonLine()
    {
        await InteropTools.Node22Async(); // installs tools/interop first where needed, as the other interop tests do

        var (exitCode, stdout, stderr) = await BenchmarkProcess.RunAsync(["graph", "--sizes", "100,300", "--seed-from", "300", "--runs", "1", "--searches", "20", "--creates", "5"], Timeout);

        Assert.True(exitCode == 0, $"the graph benchmark failed (exit {exitCode}):\n{stdout}\n{stderr}");
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        using var json = JsonDocument.Parse(lines[^1]);
        var figures = json.RootElement;
        Assert.Equal("graph", figures.GetProperty("benchmark").GetString());
        Assert.Equal("built", figures.GetProperty("graph_100_mode").GetString());
        Assert.Equal("seeded", figures.GetProperty("graph_300_mode").GetString());
        foreach (var size in new[] { 100, 300 })
        {
            foreach (var figure in new[] { "ingest_s", "create_p50_ms", "create_p95_ms", "search_p50_ms", "search_p95_ms" })
            {
                Assert.True(figures.GetProperty($"graph_{size}_ours_{figure}").GetDouble() > 0, $"graph_{size}_ours_{figure}");
                Assert.True(figures.GetProperty($"graph_{size}_peer_{figure}").GetDouble() > 0, $"graph_{size}_peer_{figure}");
            }

            Assert.Equal(0, figures.GetProperty($"graph_{size}_ours_search_missed").GetInt32());
        }

        Assert.True(figures.GetProperty("graph_300_ours_seed_import_s").GetDouble() > 0);
        Assert.Contains(figures.GetProperty("graph_target_growth").GetString(), new[] { "pass", "fail" });
        Assert.Equal("n/a", figures.GetProperty("graph_target_10x_100000").GetString());
        Assert.Equal(3, lines.Count(l => l.StartsWith("target ", StringComparison.Ordinal)));
        Assert.Contains(lines, l => l.StartsWith("| 300 | seeded", StringComparison.Ordinal));
    }
}
