using System.Text.Json;
using McpMemory.Tests.Support;

namespace McpMemory.Tests.Integration;

/// <summary>
/// The <c>cache</c> benchmark (tools/McpMemory.Benchmarks) end to end on a small slice: a few pairs written here
/// (no ../shared), ours through a real server over stdio, the peer and the threshold sweep, the table, the target
/// lines and the JSON line. Its figures mean little at this size; that the command works, and that it says so clearly
/// when the paraphrase file is absent, does.
/// </summary>
public sealed class CacheBenchmarkTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task CacheBenchmark_QuickMode_MeasuresOursThePeerAndTheSweepAndEndsWithOneJsonLine()
    {
        var pairs = new[]
        {
            new { origin = "What is the capital city of Portugal?", similar = "Which city is the capital of Portugal?" },
            new { origin = "How do I boil an egg so the yolk stays soft?", similar = "How can I boil an egg and keep the yolk soft?" },
            new { origin = "What time does the central library open on Saturdays?", similar = "When does the central library open on Saturdays?" },
            new { origin = "How many bones are in the adult human body?", similar = "How many bones does an adult human have?" },
            new { origin = "Who wrote the novel Middlemarch?", similar = "Who is the author of the novel Middlemarch?" },
            new { origin = "What is a good name for a grey cat?", similar = "Suggest a good name for a gray cat." },
        };
        var file = _temp.Combine("pairs.json");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(pairs), TestContext.Current.CancellationToken);

        var (exitCode, stdout, stderr) = await BenchmarkProcess.RunAsync(["cache", "--pairs", file, "--adversarial-limit", "12"], Timeout);

        Assert.True(exitCode == 0, $"the cache benchmark failed (exit {exitCode}):\n{stdout}\n{stderr}");
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        using var json = JsonDocument.Parse(lines[^1]);
        var figures = json.RootElement;
        Assert.Equal("cache", figures.GetProperty("benchmark").GetString());
        foreach (var who in new[] { "ours", "guard_off", "peer" })
        {
            var sum = figures.GetProperty($"cache_{who}_correct").GetInt32() + figures.GetProperty($"cache_{who}_wrong").GetInt32() + figures.GetProperty($"cache_{who}_misses").GetInt32();
            Assert.Equal(pairs.Length, sum);
            Assert.InRange(figures.GetProperty($"cache_{who}_adversarial_served").GetInt32(), 0, 12);
        }

        Assert.True(figures.GetProperty("cache_ours_correct").GetInt32() >= 4, stdout);
        Assert.True(figures.GetProperty("cache_ours_lookup_hit_p50_ms").GetDouble() > 0);
        Assert.True(figures.GetProperty("cache_ours_lookup_miss_p95_ms").GetDouble() > 0);
        Assert.Equal(48, figures.GetProperty("cache_sweep").GetArrayLength());
        Assert.Equal("n/a", figures.GetProperty("cache_target_correct").GetString());
        Assert.Equal("n/a", figures.GetProperty("cache_target_adversarial").GetString());
        Assert.Equal(3, lines.Count(l => l.StartsWith("target ", StringComparison.Ordinal)));
        Assert.Contains(lines, l => l.StartsWith("| ours, ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("| peer: all-MiniLM-L6-v2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CacheBenchmark_WithoutThePairsFile_SaysWhereItLookedAndHowToGiveIt()
    {
        var (exitCode, stdout, stderr) = await BenchmarkProcess.RunAsync(["cache", "--pairs", _temp.Combine("absent.json")], Timeout);

        Assert.Equal(2, exitCode);
        Assert.Contains("paraphrase pairs file is absent", stderr, StringComparison.Ordinal);
        Assert.Contains("--pairs FILE", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.Equal("", stdout.Trim());
    }
}
