using System.Text.Json;
using McpMemory.Core.Procedural;
using McpMemory.Tests.Support;
using ModelContextProtocol.Client;

namespace McpMemory.Tests.Procedural;

/// <summary>How outcomes move skills in <c>skill_search</c>, with the procedural clock under the test's control.</summary>
public sealed class SkillRankingTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Search_HundredOldSuccessesThenTenRecentFailures_RanksBelowFiveRecentSuccesses()
    {
        var ct = TestTimeouts.Token();
        var clock = new ManualClock(Start);
        await using var server = await InMemoryServer.StartAsync(_temp.Path, clock, ct);
        var client = server.Client;
        const string description = "Restart a stuck message queue consumer and drain its backlog.";
        string[] steps = ["Pause the producers.", "Restart the consumer pods.", "Watch the backlog drain to zero."];
        await client.CallAsync("skill_save", new() { ["name"] = "queue-restart-a", ["description"] = description, ["steps"] = steps }, ct);
        await client.CallAsync("skill_save", new() { ["name"] = "queue-restart-b", ["description"] = description, ["steps"] = steps }, ct);
        var before = await SearchAsync(client, ct);

        // A: 100 successes 90 days ago (three half-lives), then 10 failures now. B: 5 successes now.
        for (var i = 0; i < 100; i++)
        {
            await client.CallAsync("skill_record_outcome", new() { ["name"] = "queue-restart-a", ["success"] = true, ["duration_ms"] = 1200 }, ct);
        }

        clock.Advance(TimeSpan.FromDays(90));
        for (var i = 0; i < 10; i++)
        {
            await client.CallAsync("skill_record_outcome", new() { ["name"] = "queue-restart-a", ["success"] = false, ["note"] = "consumer crashed again" }, ct);
        }

        for (var i = 0; i < 5; i++)
        {
            await client.CallAsync("skill_record_outcome", new() { ["name"] = "queue-restart-b", ["success"] = true }, ct);
        }

        var after = await SearchAsync(client, ct);

        // Equally relevant: the same text, so their relevance differs only by the order of equal scores.
        Assert.Equal(2, before.Count);
        Assert.All(before, h => Assert.Equal(0.5, h.GetProperty("stats").GetProperty("success_rate").GetDouble(), 6));
        Assert.Equal(["queue-restart-b", "queue-restart-a"], after.Select(h => h.GetProperty("skill").GetProperty("name").GetString()));
        var a = after[1].GetProperty("stats");
        var b = after[0].GetProperty("stats");
        Assert.Equal((100, 10), (a.GetProperty("successes").GetInt32(), a.GetProperty("failures").GetInt32()));
        Assert.Equal(100 * 0.125, a.GetProperty("weighted_successes").GetDouble(), 3);
        Assert.Equal(10, a.GetProperty("weighted_failures").GetDouble(), 3);
        Assert.Equal((12.5 + 1) / (12.5 + 10 + 2), a.GetProperty("success_rate").GetDouble(), 4);
        Assert.Equal(6.0 / 7, b.GetProperty("success_rate").GetDouble(), 4);
        Assert.Equal(1200, a.GetProperty("mean_duration_ms").GetDouble(), 3);

        // Without the decay A's smoothed rate, (100 + 1) / (110 + 2), would beat B's 6 / 7: the half-life is what ranks B first.
        Assert.True((100.0 + 1) / (110 + 2) > 6.0 / 7);
        var options = new ProceduralOptions();
        foreach (var hit in after)
        {
            var expected = SkillSuccessRate.Score(hit.GetProperty("relevance").GetDouble(), hit.GetProperty("stats").GetProperty("success_rate").GetDouble(), options);
            Assert.Equal(expected, hit.GetProperty("score").GetDouble(), 5);
        }
    }

    [Fact]
    public void SuccessRate_OutcomesAgeByTheHalfLife_AndThePriorSmoothsFewOutcomes()
    {
        var options = new ProceduralOptions { OutcomeHalfLife = TimeSpan.FromDays(10) };
        var now = Start.AddDays(100);

        var none = SkillSuccessRate.Compute([], now, options);
        var oneNew = SkillSuccessRate.Compute([new SkillOutcome(true, null, null, 1, now)], now, options);
        var oneOld = SkillSuccessRate.Compute([new SkillOutcome(true, 50, null, 1, now.AddDays(-10))], now, options);

        Assert.Equal(0.5, none.SuccessRate, 9);
        Assert.Equal(2.0 / 3, oneNew.SuccessRate, 9);
        Assert.Equal(0.5, oneOld.WeightedSuccesses, 9);
        Assert.Equal(1.5 / 2.5, oneOld.SuccessRate, 9);
        Assert.Equal(50, oneOld.MeanDurationMs);
    }

    [Fact]
    public void SuccessRate_DurationsBeyondAYear_FromOlderRecords_AreLeftOutOfTheMean()
    {
        var now = Start.AddDays(1);
        var outcomes = new[] { new SkillOutcome(true, 1.7e308, null, 1, now), new SkillOutcome(true, 1.7e308, null, 1, now), new SkillOutcome(false, 30, null, 1, now) };

        var stats = SkillSuccessRate.Compute(outcomes, now, new ProceduralOptions());

        Assert.Equal(30, stats.MeanDurationMs);
    }

    private static async Task<List<JsonElement>> SearchAsync(McpClient client, CancellationToken ct)
    {
        var result = await client.CallAsync("skill_search", new() { ["query"] = "the queue consumer is stuck and messages pile up", ["k"] = 5 }, ct);
        return [.. result.GetProperty("hits").EnumerateArray()];
    }
}
