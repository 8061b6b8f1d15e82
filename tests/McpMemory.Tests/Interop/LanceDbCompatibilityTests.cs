using System.Text.Json;
using McpMemory.Core.Embeddings;
using McpMemory.Tests.Support;
using ModelContextProtocol.Client;

namespace McpMemory.Tests.Interop;

/// <summary>
/// Our segment files are plain Arrow IPC that LanceDB reads as they are: LanceDB (Node, tools/interop/lancedb-topk.mjs)
/// loads the segments of a live server's data directory and its exact nearest-neighbour search by cosine returns the
/// same ten records as <c>episode_search</c> in dense mode.
/// </summary>
public sealed class LanceDbCompatibilityTests : IDisposable
{
    private const string Query = "a musical instrument played beside the sea at night";
    private static readonly string[] Colours = ["red", "blue", "green", "amber", "violet", "silver", "black", "white", "golden", "pale"];
    private static readonly string[] Things = ["fox", "kettle", "lighthouse", "violin", "orchard", "glacier", "bicycle", "harbour", "piano", "lantern", "meadow", "trumpet", "bakery", "canoe", "library", "drum", "volcano", "garden", "ferry", "cello"];
    private static readonly string[] Places = ["near the old pier", "in the mountain village", "behind the train station", "on the windy beach", "at the city market", "under the bridge", "by the quiet lake", "in the school hall", "at the harbour at dusk", "in the desert town"];
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task LanceDb_OnLiveSegmentFiles_FindsTheSameTopTenAsDenseSearch()
    {
        var data = _temp.Combine("data");
        var environment = new Dictionary<string, string?>
        {
            ["MCPMEMORY_McpMemory__Store__CheckpointRecords"] = "64",
            ["MCPMEMORY_McpMemory__Store__IdleCheckpoint"] = "00:00:00.300",
            ["MCPMEMORY_McpMemory__Store__ContextTurns"] = "0",
        };
        await using var client = await ServerProcess.StartStdioAsync(data, environment, cancellationToken: TestTimeouts.Token());
        var episodes = DistinctEpisodes(200).Select(text => new Dictionary<string, object?> { ["text"] = text }).ToList();
        var added = await client.CallAsync("episode_add", new() { ["episodes"] = episodes }, TestTimeouts.Token());
        Assert.Equal(200, added.GetProperty("created").GetInt32());
        await client.CallAsync("episode_search", new() { ["query"] = Query, ["mode"] = "dense", ["wait_for_embeddings"] = true }, TestTimeouts.Token());
        var stats = await WaitUntilAllInSegmentsAsync(client, TestTimeouts.Token());

        var ours = await client.CallAsync("episode_search", new() { ["query"] = Query, ["mode"] = "dense", ["k"] = 10 }, TestTimeouts.Token());
        var queryVector = (await SharedEmbedder.ArcticXs.GenerateAsync([Query], EmbeddingInputType.ForQuery, TestTimeouts.Token()))[0].Vector.ToArray();
        var vectorFile = _temp.Combine("query.json");
        await File.WriteAllTextAsync(vectorFile, JsonSerializer.Serialize(queryVector), TestContext.Current.CancellationToken);
        var run = await InteropTools.RunNodeAsync(
            InteropTools.LanceDbTopK,
            ["--namespace-dir", Path.Combine(data, "namespaces", "default"), "--query-vector", vectorFile, "--work", _temp.Combine("lancedb"), "--k", "10", "--metric", "cosine"],
            TestTimeouts.Token());

        Assert.True(run.ExitCode == 0, $"lancedb-topk.mjs failed:\n{run}");
        using var lance = JsonDocument.Parse(run.Stdout);
        Assert.Equal(200, lance.RootElement.GetProperty("rows").GetInt32());
        Assert.Equal(stats.GetProperty("segments").GetInt32(), lance.RootElement.GetProperty("segments").GetArrayLength());
        var lanceIds = lance.RootElement.GetProperty("ids").EnumerateArray().Select(e => e.GetString()!).ToList();
        var lanceSimilarity = lanceIds.Zip(lance.RootElement.GetProperty("distances").EnumerateArray().Select(d => 1 - d.GetDouble())).ToDictionary();
        var ourHits = ours.GetProperty("hits").EnumerateArray().Select(h => (Id: h.GetProperty("episode").GetProperty("id").GetString()!, Score: h.GetProperty("score").GetDouble())).ToList();
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{lance.RootElement.GetProperty("rows").GetInt32()} rows in {lance.RootElement.GetProperty("segments").GetArrayLength()} segments; same order: {ourHits.Select(h => h.Id).SequenceEqual(lanceIds)}\n" +
            $"mcp-memory dense: {string.Join(", ", ourHits.Select(h => $"{h.Id[^6..]} {h.Score:F5}"))}\n" +
            $"LanceDB cosine:   {string.Join(", ", lanceSimilarity.Select(p => $"{p.Key[^6..]} {p.Value:F5}"))}");
        Assert.Equal(10, ourHits.Count);
        Assert.True(
            ourHits.Select(h => h.Id).ToHashSet().SetEquals(lanceIds),
            $"top 10 differ.\nmcp-memory: {string.Join(", ", ourHits.Select(h => $"{h.Id} {h.Score:F5}"))}\nLanceDB:    {string.Join(", ", lanceSimilarity.Select(p => $"{p.Key} {p.Value:F5}"))}");
        Assert.All(ourHits, h => Assert.Equal(h.Score, lanceSimilarity[h.Id], 4));
    }

    /// <summary>Short, distinct texts (each one embedded part), from a seeded RNG.</summary>
    private static List<string> DistinctEpisodes(int count)
    {
        var random = new Random(20240508);
        var texts = new HashSet<string>(StringComparer.Ordinal);
        while (texts.Count < count)
        {
            texts.Add($"I saw a {Colours[random.Next(Colours.Length)]} {Things[random.Next(Things.Length)]} {Places[random.Next(Places.Length)]}.");
        }

        return [.. texts];
    }

    /// <summary>Polls memory_stats until every record is embedded and written to a segment (the idle checkpoint).</summary>
    private static async Task<JsonElement> WaitUntilAllInSegmentsAsync(McpClient client, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (true)
        {
            var stats = await client.CallAsync("memory_stats", [], cancellationToken);
            var ns = stats.GetProperty("namespaces")[0];
            if (ns.GetProperty("unflushed").GetInt64() == 0 && ns.GetProperty("pending_embeddings").GetInt64() == 0 && ns.GetProperty("segments").GetInt32() > 0)
            {
                return ns;
            }

            await timer.WaitForNextTickAsync(cancellationToken);
        }
    }
}
