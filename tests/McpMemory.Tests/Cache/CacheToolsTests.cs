using System.Text.Json;
using McpMemory.Core.Cache;
using McpMemory.Server.Hosting;
using McpMemory.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Client;

namespace McpMemory.Tests.Cache;

/// <summary>The cache tools through the MCP SDK's client against real servers: a process over stdio, and our HTTP pipeline in this process where the test needs its clock.</summary>
public sealed class CacheToolsTests : IDisposable
{
    private const string Question = "How do I convert 100 US dollars to euros?";
    private const string Paraphrase = "How can I convert 100 US dollars into euros?";
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task LookupAndStats_HitsParaphrasesRejectsReversalsAndCountsSurviveARestart()
    {
        var ct = TestTimeouts.Token();
        string entryId;
        await using (var client = await ServerProcess.StartStdioAsync(_temp.Path, cancellationToken: ct))
        {
            var empty = await client.CallAsync("cache_lookup", new() { ["query"] = Question }, ct);
            var stored = await client.CallAsync("cache_store", new() { ["query"] = Question, ["answer"] = "About 92 euros at today's rate.", ["key"] = "model-a/v1" }, ct);
            entryId = stored.GetProperty("entry_id").GetString()!;
            var hit = await client.CallAsync("cache_lookup", new() { ["query"] = Paraphrase, ["key"] = "model-a/v1" }, ct);
            var reversed = await client.CallAsync("cache_lookup", new() { ["query"] = "How do I convert 100 euros to US dollars?", ["key"] = "model-a/v1" }, ct);
            var unrelated = await client.CallAsync("cache_lookup", new() { ["query"] = "What is a good sourdough starter ratio?", ["key"] = "model-a/v1" }, ct);
            var otherKey = await client.CallAsync("cache_lookup", new() { ["query"] = Question, ["key"] = "model-b/v1" }, ct);
            var stats = await client.CallAsync("cache_stats", [], ct);
            var memory = await client.CallAsync("memory_stats", [], ct);

            Assert.False(empty.GetProperty("hit").GetBoolean());
            Assert.Equal("empty", empty.GetProperty("miss_reason").GetString());
            Assert.True(hit.GetProperty("hit").GetBoolean(), hit.ToString());
            Assert.Equal("About 92 euros at today's rate.", Optional(hit, "answer"));
            Assert.Equal(entryId, hit.GetProperty("entry_id").GetString());
            Assert.Equal(Question, Optional(hit, "cached_query"));
            Assert.True(hit.GetProperty("similarity").GetDouble() >= hit.GetProperty("threshold").GetDouble());
            Assert.Contains("guard found no difference", hit.GetProperty("reason").GetString(), StringComparison.Ordinal);
            Assert.False(reversed.GetProperty("hit").GetBoolean());
            Assert.Equal("rejected", reversed.GetProperty("miss_reason").GetString());
            Assert.Equal("order", reversed.GetProperty("rejected")[0].GetProperty("check").GetString());
            Assert.Contains("swapped", reversed.GetProperty("reason").GetString(), StringComparison.Ordinal);
            Assert.Equal("below_threshold", unrelated.GetProperty("miss_reason").GetString());
            Assert.True(unrelated.GetProperty("similarity").GetDouble() < unrelated.GetProperty("threshold").GetDouble());
            Assert.Equal("empty", otherKey.GetProperty("miss_reason").GetString());
            AssertStats(stats, hits: 1, misses: 4, rejections: 1, size: 1);
            Assert.Equal(0.2, stats.GetProperty("hit_rate").GetDouble(), 3);
            Assert.Contains(memory.GetProperty("namespaces").EnumerateArray(), n => n.GetProperty("kind").GetString() == "cache" && n.GetProperty("episodes").GetInt64() == 1);
            Assert.DoesNotContain(memory.GetProperty("namespaces").EnumerateArray(), n => n.GetProperty("namespace").GetString()!.Contains('~', StringComparison.Ordinal));
        }

        await using (var restarted = await ServerProcess.StartStdioAsync(_temp.Path, cancellationToken: ct))
        {
            var stats = await restarted.CallAsync("cache_stats", [], ct);
            var hit = await restarted.CallAsync("cache_lookup", new() { ["query"] = Paraphrase, ["key"] = "model-a/v1" }, ct);
            var after = await restarted.CallAsync("cache_stats", [], ct);

            AssertStats(stats, hits: 1, misses: 4, rejections: 1, size: 1);
            Assert.True(hit.GetProperty("hit").GetBoolean());
            Assert.Equal(entryId, hit.GetProperty("entry_id").GetString());
            AssertStats(after, hits: 2, misses: 4, rejections: 1, size: 1);
        }
    }

    [Fact]
    public async Task Store_DerivedFromAnEpisode_IsInvalidatedWhenTheEpisodeIsDeleted()
    {
        var ct = TestTimeouts.Token();
        await using var client = await ServerProcess.StartStdioAsync(_temp.Path, cancellationToken: ct);
        var episode = await client.CallAsync("episode_add", new() { ["text"] = "The team offsite moved to the lake house in Bergen." }, ct);
        var id = episode.GetProperty("ids")[0].GetString()!;
        var document = await client.CallAsync("document_add", new() { ["text"] = "# Offsite\n\nThe offsite agenda starts with a hike.", ["source"] = "offsite.md" }, ct);
        var documentId = document.GetProperty("document").GetProperty("id").GetString()!;
        var unknown = await client.CallExpectingErrorAsync("cache_store", new() { ["query"] = "Where is the offsite?", ["answer"] = "x", ["derived_from"] = new[] { id, "ep_doesnotexist" } }, ct);
        await client.CallAsync("cache_store", new() { ["query"] = "Where is the team offsite?", ["answer"] = "At the lake house in Bergen.", ["derived_from"] = new[] { id } }, ct);
        await client.CallAsync("cache_store", new() { ["query"] = "What does the offsite agenda start with?", ["answer"] = "A hike.", ["derived_from"] = new[] { documentId } }, ct);
        await client.CallAsync("cache_store", new() { ["query"] = "Who organises the offsite?", ["answer"] = "Dana." }, ct);
        var before = await client.CallAsync("cache_lookup", new() { ["query"] = "Where is the team offsite?" }, ct);

        await client.CallAsync("episode_delete", new() { ["ids"] = new[] { id } }, ct);
        var afterEpisode = await client.CallAsync("cache_lookup", new() { ["query"] = "Where is the team offsite?" }, ct);
        var statsEpisode = await client.CallAsync("cache_stats", [], ct);
        await client.CallAsync("document_delete", new() { ["document_ids"] = new[] { documentId } }, ct);
        var afterDocument = await client.CallAsync("cache_lookup", new() { ["query"] = "What does the offsite agenda start with?" }, ct);
        var kept = await client.CallAsync("cache_lookup", new() { ["query"] = "Who organises the offsite?" }, ct);
        var stats = await client.CallAsync("cache_stats", [], ct);

        Assert.Contains("'ep_doesnotexist'", unknown, StringComparison.Ordinal);
        Assert.Contains("[not_found]", unknown, StringComparison.Ordinal);
        Assert.True(before.GetProperty("hit").GetBoolean());
        Assert.NotEqual("At the lake house in Bergen.", Optional(afterEpisode, "answer"));
        Assert.NotEqual("Where is the team offsite?", Optional(afterEpisode, "cached_query"));
        Assert.Equal(1, statsEpisode.GetProperty("invalidations").GetInt64());
        Assert.Equal(2, statsEpisode.GetProperty("size").GetInt32());
        Assert.NotEqual("A hike.", Optional(afterDocument, "answer"));
        Assert.True(kept.GetProperty("hit").GetBoolean());
        Assert.Equal(2, stats.GetProperty("invalidations").GetInt64());
        Assert.Equal(1, stats.GetProperty("size").GetInt32());
    }

    [Fact]
    public async Task Store_DerivedFromGraphRecords_IsInvalidatedWhenTheEntityOrFactChanges()
    {
        var ct = TestTimeouts.Token();
        await using var client = await ServerProcess.StartStdioAsync(_temp.Path, cancellationToken: ct);
        await client.CallAsync("create_entities", new() { ["entities"] = new[] { new Dictionary<string, object?> { ["name"] = "Ingrid", ["entityType"] = "person", ["observations"] = new[] { "Leads the data team." } } } }, ct);
        await client.CallAsync("predicate_define", new() { ["name"] = "lives_in", ["single_valued"] = true, ["object_kind"] = "value" }, ct);
        var fact = await client.CallAsync("fact_add", new() { ["subject"] = "Ingrid", ["predicate"] = "lives_in", ["value"] = "Tromsø" }, ct);
        var factId = fact.GetProperty("fact").GetProperty("id").GetString()!;
        var unknown = await client.CallExpectingErrorAsync("cache_store", new() { ["query"] = "Who leads the data team?", ["answer"] = "x", ["derived_from"] = new[] { "entity:ingrid", "fact_doesnotexist" } }, ct);
        await client.CallAsync("cache_store", new() { ["query"] = "Who leads the data team?", ["answer"] = "Ingrid.", ["derived_from"] = new[] { "entity:Ingrid" } }, ct);
        await client.CallAsync("cache_store", new() { ["query"] = "Where does Ingrid live?", ["answer"] = "In Tromsø.", ["derived_from"] = new[] { factId } }, ct);
        var entityBefore = await client.CallAsync("cache_lookup", new() { ["query"] = "Who leads the data team?" }, ct);
        var factBefore = await client.CallAsync("cache_lookup", new() { ["query"] = "Where does Ingrid live?" }, ct);

        await client.CallAsync("add_observations", new() { ["observations"] = new[] { new Dictionary<string, object?> { ["entityName"] = "Ingrid", ["contents"] = new[] { "Moved to the platform team in May." } } } }, ct);
        var entityAfter = await client.CallAsync("cache_lookup", new() { ["query"] = "Who leads the data team?" }, ct);
        var factUnchanged = await client.CallAsync("cache_lookup", new() { ["query"] = "Where does Ingrid live?" }, ct);
        await client.CallAsync("fact_supersede", new() { ["fact_id"] = factId, ["value"] = "Bodø" }, ct);
        var factAfter = await client.CallAsync("cache_lookup", new() { ["query"] = "Where does Ingrid live?" }, ct);
        var stats = await client.CallAsync("cache_stats", [], ct);

        Assert.Contains("'entity:ingrid'", unknown, StringComparison.Ordinal);
        Assert.Contains("'fact_doesnotexist'", unknown, StringComparison.Ordinal);
        Assert.Equal("Ingrid.", Optional(entityBefore, "answer"));
        Assert.Equal("In Tromsø.", Optional(factBefore, "answer"));
        Assert.False(entityAfter.GetProperty("hit").GetBoolean(), entityAfter.ToString());
        Assert.Equal("invalidated", entityAfter.GetProperty("miss_reason").GetString());
        Assert.Equal("In Tromsø.", Optional(factUnchanged, "answer"));
        Assert.False(factAfter.GetProperty("hit").GetBoolean(), factAfter.ToString());
        Assert.Equal(2, stats.GetProperty("invalidations").GetInt64());
        Assert.Equal(0, stats.GetProperty("size").GetInt32());
    }

    [Theory]
    [InlineData(null, "by-clicking")]
    [InlineData("0", "click-to-redirect")]
    public async Task Lookup_AmongNearDuplicateQuestions_ServesTheOneThatSharesMoreOfTheWording(string? weight, string expected)
    {
        // Two near-duplicates from GPTCache's pairs: the lookup is a paraphrase of the first, but arctic-xs scores the
        // second a little closer (0.943 against 0.939); character overlap (0.61 against 0.44) tips it back.
        var ct = TestTimeouts.Token();
        var environment = new Dictionary<string, string?> { ["MCPMEMORY_McpMemory__Cache__LexicalWeight"] = weight };
        await using var client = await ServerProcess.StartStdioAsync(_temp.Path, weight is null ? null : environment, cancellationToken: ct);
        await client.CallAsync("cache_store", new() { ["query"] = "You can find it on the main version of the documentation by clicking on the provided link.", ["answer"] = "by-clicking" }, ct);
        await client.CallAsync("cache_store", new() { ["query"] = "You can find it on the main version of the documentation. Click on the provided link to redirect to the main version.", ["answer"] = "click-to-redirect" }, ct);

        var hit = await client.CallAsync("cache_lookup", new() { ["query"] = "You can access the main version of the documentation by clicking on the link given." }, ct);

        Assert.Equal(expected, Optional(hit, "answer"));
        Assert.Equal(weight is null, hit.GetProperty("reason").GetString()!.Contains("character overlap", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Store_BeyondTheSizeLimit_EvictsTheLeastRecentlyUsed()
    {
        var ct = TestTimeouts.Token();
        var environment = new Dictionary<string, string?> { ["MCPMEMORY_McpMemory__Cache__MaxEntries"] = "2" };
        await using var client = await ServerProcess.StartStdioAsync(_temp.Path, environment, cancellationToken: ct);
        await client.CallAsync("cache_store", new() { ["query"] = "What is the boiling point of ethanol?", ["answer"] = "78 °C" }, ct);
        await client.CallAsync("cache_store", new() { ["query"] = "Who painted The Night Watch?", ["answer"] = "Rembrandt" }, ct);
        var used = await client.CallAsync("cache_lookup", new() { ["query"] = "What is the boiling point of ethanol?" }, ct);
        var third = await client.CallAsync("cache_store", new() { ["query"] = "How long is the Danube?", ["answer"] = "2,850 km" }, ct);
        var evicted = await client.CallAsync("cache_lookup", new() { ["query"] = "Who painted The Night Watch?" }, ct);
        var kept = await client.CallAsync("cache_lookup", new() { ["query"] = "What is the boiling point of ethanol?" }, ct);
        var newest = await client.CallAsync("cache_lookup", new() { ["query"] = "How long is the Danube?" }, ct);
        var stats = await client.CallAsync("cache_stats", [], ct);

        Assert.True(used.GetProperty("hit").GetBoolean());
        Assert.Equal(1, third.GetProperty("evicted").GetInt32());
        Assert.False(evicted.GetProperty("hit").GetBoolean());
        Assert.True(kept.GetProperty("hit").GetBoolean());
        Assert.True(newest.GetProperty("hit").GetBoolean());
        Assert.Equal(1, stats.GetProperty("evictions").GetInt64());
        Assert.Equal(2, stats.GetProperty("size").GetInt32());
        Assert.Equal(2, stats.GetProperty("max_entries").GetInt32());
    }

    [Fact]
    public async Task Store_BeyondTheSizeLimitAfterARestart_StillEvictsTheLeastRecentlyUsed()
    {
        var ct = TestTimeouts.Token();
        var environment = new Dictionary<string, string?> { ["MCPMEMORY_McpMemory__Cache__MaxEntries"] = "2" };
        await using (var client = await ServerProcess.StartStdioAsync(_temp.Path, environment, cancellationToken: ct))
        {
            await client.CallAsync("cache_store", new() { ["query"] = "What is the boiling point of ethanol?", ["answer"] = "78 °C" }, ct);
            await client.CallAsync("cache_store", new() { ["query"] = "Who painted The Night Watch?", ["answer"] = "Rembrandt" }, ct);
            var used = await client.CallAsync("cache_lookup", new() { ["query"] = "What is the boiling point of ethanol?" }, ct);
            Assert.True(used.GetProperty("hit").GetBoolean());
        }

        await using (var restarted = await ServerProcess.StartStdioAsync(_temp.Path, environment, cancellationToken: ct))
        {
            var third = await restarted.CallAsync("cache_store", new() { ["query"] = "How long is the Danube?", ["answer"] = "2,850 km" }, ct);
            var evicted = await restarted.CallAsync("cache_lookup", new() { ["query"] = "Who painted The Night Watch?" }, ct);
            var kept = await restarted.CallAsync("cache_lookup", new() { ["query"] = "What is the boiling point of ethanol?" }, ct);

            Assert.Equal(1, third.GetProperty("evicted").GetInt32());
            Assert.False(evicted.GetProperty("hit").GetBoolean(), "the entry stored second and never served should have gone");
            Assert.True(kept.GetProperty("hit").GetBoolean(), "the entry served before the restart was the most recently used, so it should have stayed");
        }

        // A lower limit at the next start: the least recently used goes at once.
        environment["MCPMEMORY_McpMemory__Cache__MaxEntries"] = "1";
        await using var smaller = await ServerProcess.StartStdioAsync(_temp.Path, environment, cancellationToken: ct);
        var stats = await smaller.CallAsync("cache_stats", [], ct);
        var danube = await smaller.CallAsync("cache_lookup", new() { ["query"] = "How long is the Danube?" }, ct);

        Assert.Equal(1, stats.GetProperty("size").GetInt32());
        Assert.Equal(2, stats.GetProperty("evictions").GetInt64());
        Assert.False(danube.GetProperty("hit").GetBoolean(), "the Danube entry was used less recently than the ethanol one");
    }

    [Fact]
    public async Task Invalidate_ByKeyPrefixAndNamespace_RemovesExactlyThose()
    {
        var ct = TestTimeouts.Token();
        await using var client = await ServerProcess.StartStdioAsync(_temp.Path, cancellationToken: ct);
        foreach (var key in new[] { "gpt/v1", "gpt/v2", "claude/v1" })
        {
            await client.CallAsync("cache_store", new() { ["query"] = "What is the tallest mountain in Africa?", ["answer"] = "Kilimanjaro", ["key"] = key }, ct);
            await client.CallAsync("cache_store", new() { ["query"] = "What is the longest river in Asia?", ["answer"] = "Yangtze", ["key"] = key }, ct);
        }

        await client.CallAsync("cache_store", new() { ["query"] = "What is the tallest mountain in Africa?", ["answer"] = "Kilimanjaro", ["namespace"] = "other" }, ct);
        var none = await client.CallExpectingErrorAsync("cache_invalidate", [], ct);
        var two = await client.CallExpectingErrorAsync("cache_invalidate", new() { ["key"] = "gpt/v1", ["all"] = true }, ct);
        var byKey = await client.CallAsync("cache_invalidate", new() { ["key"] = "gpt/v1" }, ct);
        var v2 = await client.CallAsync("cache_lookup", new() { ["query"] = "What is the tallest mountain in Africa?", ["key"] = "gpt/v2" }, ct);
        var v1 = await client.CallAsync("cache_lookup", new() { ["query"] = "What is the tallest mountain in Africa?", ["key"] = "gpt/v1" }, ct);
        var byPrefix = await client.CallAsync("cache_invalidate", new() { ["prefix"] = "gpt/" }, ct);
        var claude = await client.CallAsync("cache_lookup", new() { ["query"] = "What is the longest river in Asia?", ["key"] = "claude/v1" }, ct);
        var all = await client.CallAsync("cache_invalidate", new() { ["all"] = true }, ct);
        var stats = await client.CallAsync("cache_stats", [], ct);
        var other = await client.CallAsync("cache_lookup", new() { ["query"] = "What is the tallest mountain in Africa?", ["namespace"] = "other" }, ct);

        Assert.Contains("exactly one of", none, StringComparison.Ordinal);
        Assert.Contains("exactly one of", two, StringComparison.Ordinal);
        Assert.Equal(2, byKey.GetProperty("removed").GetInt32());
        Assert.True(v2.GetProperty("hit").GetBoolean());
        Assert.Equal("empty", v1.GetProperty("miss_reason").GetString());
        Assert.Equal(2, byPrefix.GetProperty("removed").GetInt32());
        Assert.True(claude.GetProperty("hit").GetBoolean());
        Assert.Equal(2, all.GetProperty("removed").GetInt32());
        Assert.Equal(0, stats.GetProperty("size").GetInt32());
        Assert.Equal(6, stats.GetProperty("invalidations").GetInt64());
        Assert.True(other.GetProperty("hit").GetBoolean());
    }

    [Fact]
    public async Task Lookup_AfterTheTtl_MissesAndCountsTheExpiry()
    {
        var ct = TestTimeouts.Token();
        var clock = new ManualClock(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        var url = $"http://127.0.0.1:{ServerProcess.FreePort()}";
        var settings = ServerSettings.Load(_temp.Combine("data"), configFile: null, embeddingModel: null);
        await using var app = Server.Hosting.HttpServer.Build(settings, url, mcp => mcp.Services.PostConfigure<SemanticCacheOptions>(o => o.TimeProvider = clock));
        await app.StartAsync(ct);
        try
        {
            await using var client = await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions { Endpoint = new Uri(url + "/mcp") }), cancellationToken: ct);
            var stored = await client.CallAsync("cache_store", new() { ["query"] = "What is the wifi password at the office?", ["answer"] = "tulip-42", ["ttl_seconds"] = 60 }, ct);
            var longer = await client.CallAsync("cache_store", new() { ["query"] = "Where is the office kitchen?", ["answer"] = "Second floor" }, ct);
            var tooLong = await client.CallExpectingErrorAsync("cache_store", new() { ["query"] = "q", ["answer"] = "a", ["ttl_seconds"] = 0 }, ct);
            clock.Advance(TimeSpan.FromSeconds(59));
            var fresh = await client.CallAsync("cache_lookup", new() { ["query"] = "What is the wifi password at the office?" }, ct);
            clock.Advance(TimeSpan.FromSeconds(2));
            var expired = await client.CallAsync("cache_lookup", new() { ["query"] = "What is the wifi password at the office?" }, ct);
            var stillThere = await client.CallAsync("cache_lookup", new() { ["query"] = "Where is the office kitchen?" }, ct);
            var stats = await client.CallAsync("cache_stats", [], ct);

            Assert.Equal(clock.GetUtcNow().AddSeconds(-61).AddSeconds(60), stored.GetProperty("expires_at").GetDateTimeOffset());
            Assert.Equal(clock.GetUtcNow().AddSeconds(-61).AddDays(1), longer.GetProperty("expires_at").GetDateTimeOffset());
            Assert.Contains("'ttl_seconds' is 0", tooLong, StringComparison.Ordinal);
            Assert.True(fresh.GetProperty("hit").GetBoolean());
            Assert.False(expired.GetProperty("hit").GetBoolean());
            Assert.NotEqual("What is the wifi password at the office?", Optional(expired, "cached_query"));
            Assert.True(stillThere.GetProperty("hit").GetBoolean());
            Assert.Equal(1, stats.GetProperty("expirations").GetInt64());
            Assert.Equal(1, stats.GetProperty("size").GetInt32());
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
        }
    }

    private static string? Optional(JsonElement result, string name) =>
        result.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static void AssertStats(JsonElement stats, long hits, long misses, long rejections, int size)
    {
        Assert.Equal(hits, stats.GetProperty("hits").GetInt64());
        Assert.Equal(misses, stats.GetProperty("misses").GetInt64());
        Assert.Equal(rejections, stats.GetProperty("rejections").GetInt64());
        Assert.Equal(size, stats.GetProperty("size").GetInt32());
    }
}
