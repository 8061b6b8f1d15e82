using System.Text.Json;
using McpMemory.Tests.Interop;
using McpMemory.Tests.Support;

namespace McpMemory.Tests.Integration;

/// <summary>
/// The <c>a2a</c> benchmark (tools/McpMemory.Benchmarks) end to end in a quick mode: ours and the <c>@a2a-js/sdk</c>
/// recall peer under the same load driver at two concurrencies, then the fan-out over four peers, every answer checked
/// by the benchmark itself, and the JSON line. Its figures mean nothing at these sizes; that the command works does.
/// </summary>
public sealed class A2ABenchmarkTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A2ABenchmark_QuickMode_MeasuresBothAgentsAndTheFanOutAndEndsWithOneJsonLine()
    {
        await InteropTools.Node22Async(); // installs tools/interop first where needed, as the other interop tests do

        var (exitCode, stdout, stderr) = await BenchmarkProcess.RunAsync(["a2a", "--runs", "1", "--requests", "20", "--concurrency", "1,4", "--steps", "2"], Timeout);

        Assert.True(exitCode == 0, $"the a2a benchmark failed (exit {exitCode}):\n{stdout}\n{stderr}");
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        using var json = JsonDocument.Parse(lines[^1]);
        var figures = json.RootElement;
        Assert.Equal("a2a", figures.GetProperty("benchmark").GetString());
        foreach (var name in new[] { "recall", "trivial" })
        {
            foreach (var level in new[] { 1, 4 })
            {
                foreach (var side in new[] { "ours", "peer" })
                {
                    foreach (var figure in new[] { "rps", "p50_ms", "p95_ms" })
                    {
                        var key = $"a2a_{name}_c{level}_{side}_{figure}";
                        Assert.True(figures.GetProperty(key).GetDouble() > 0, key);
                    }
                }
            }
        }

        Assert.False(figures.TryGetProperty("a2a_recall_c32_ours_rps", out _));
        Assert.Equal(200, figures.GetProperty("a2a_fanout_part_work_ms").GetInt32());
        Assert.True(figures.GetProperty("a2a_fanout_sequential_ms").GetDouble() >= 4 * 200);
        Assert.True(figures.GetProperty("a2a_fanout_parallel_ms").GetDouble() >= 200);
        Assert.Equal(4, lines.Count(l => l.StartsWith("a2a recall ", StringComparison.Ordinal) || l.StartsWith("a2a trivial ", StringComparison.Ordinal)));
        Assert.Single(lines, l => l.StartsWith("a2a fan-out ", StringComparison.Ordinal));
    }
}
