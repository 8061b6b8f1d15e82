using System.Text.Json;
using McpMemory.Tests.Support;

namespace McpMemory.Tests.Tools;

/// <summary>
/// The <c>tools</c> benchmark (tools/McpMemory.Benchmarks) end to end in its quick mode: the recorded tools of four
/// reference servers registered through tool_register in a real server, a slice of the hand-written tasks searched in
/// three modes, the table and the JSON line. Its figures on a slice mean little; that the command works does.
/// </summary>
public sealed class ToolRetrievalBenchmarkTests
{
    [Fact]
    public async Task ToolsBenchmark_QuickMode_MeasuresThreeRankingsAndTokens()
    {
        var (exitCode, output, errors) = await BenchmarkProcess.RunAsync(["tools", "--quick"], TimeSpan.FromMinutes(3));

        Assert.True(exitCode == 0, $"the tools benchmark failed (exit {exitCode}):\n{output}\n{errors}");
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        using var json = JsonDocument.Parse(lines[^1]);
        var figures = json.RootElement;
        Assert.Equal("tools", figures.GetProperty("benchmark").GetString());
        Assert.Equal(4, figures.GetProperty("tools_servers").GetInt32());
        Assert.Equal(37, figures.GetProperty("tools_count").GetInt32());
        Assert.Equal(12, figures.GetProperty("tools_tasks").GetInt32());
        foreach (var mode in new[] { "hybrid", "keyword", "dense" })
        {
            var at1 = figures.GetProperty($"tools_{mode}_recall_at_1").GetDouble();
            var at5 = figures.GetProperty($"tools_{mode}_recall_at_5").GetDouble();
            Assert.InRange(at1, 0, 1);
            Assert.InRange(at5, at1, 1);
            Assert.Contains(lines, l => l.StartsWith("| " + (mode == "hybrid" ? "tool_search" : mode == "keyword" ? "BM25" : "dense"), StringComparison.Ordinal));
        }

        Assert.True(figures.GetProperty("tools_hybrid_recall_at_5").GetDouble() >= 0.5, "hybrid search finds most tools of a small slice within 5");
        Assert.InRange(figures.GetProperty("tools_tokens_top5_mean").GetDouble(), 1, figures.GetProperty("tools_tokens_all").GetDouble() - 1);
        Assert.True(figures.GetProperty("tools_tokens_saved_pct").GetDouble() > 0);
    }
}
