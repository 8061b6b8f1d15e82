using System.Diagnostics;
using System.Text.Json;
using McpMemory.Tests.Support;
using ModelContextProtocol.Client;

namespace McpMemory.Tests.Semantic;

/// <summary>The knowledge-graph tools through real servers: stdio and HTTP processes on real data directories.</summary>
public sealed class GraphServerTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static Dictionary<string, object?> Entity(string name, string type, params string[] observations) =>
        new() { ["name"] = name, ["entityType"] = type, ["observations"] = observations };

    private static Dictionary<string, object?> Relation(string from, string to, string type) =>
        new() { ["from"] = from, ["to"] = to, ["relationType"] = type };

    private static async Task<string> DescribeGraphAsync(McpClient client)
    {
        var graph = await client.CallAsync("read_graph", new() { ["maxTokens"] = 1_000_000 }, TestTimeouts.Token());
        var entities = graph.GetProperty("entities").EnumerateArray()
            .Select(e => $"{e.GetProperty("name").GetString()}|{e.GetProperty("entityType").GetString()}|{string.Join(",", e.GetProperty("observations").EnumerateArray().Select(o => o.GetString()))}|{string.Join(",", e.GetProperty("aliases").EnumerateArray().Select(o => o.GetString()))}");
        var relations = graph.GetProperty("relations").EnumerateArray()
            .Select(r => $"{r.GetProperty("from").GetString()}-{r.GetProperty("relationType").GetString()}->{r.GetProperty("to").GetString()}");
        return string.Join("\n", entities.Order(StringComparer.Ordinal)) + "\n--\n" + string.Join("\n", relations.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task GraphAndFacts_OverStdio_AnswerByMeaning_AndSurviveAKilledServer()
    {
        var first = await ServerProcess.StartStdioAsync(_temp.Path, cancellationToken: TestTimeouts.Token());
        await first.CallAsync("create_entities", new()
        {
            ["entities"] = new[]
            {
                Entity("Alice Smith", "person", "Flies gliders every weekend", "Lives near the coast"),
                Entity("Bob", "person", "Plays chess"),
                Entity("Acme", "organization", "Builds rockets"),
                Entity("Paris", "city"),
                Entity("London", "city"),
            },
        }, TestTimeouts.Token());
        await first.CallAsync("create_relations", new() { ["relations"] = new[] { Relation("Alice Smith", "Acme", "works_at"), Relation("Bob", "Acme", "works_at") } }, TestTimeouts.Token());
        await first.CallAsync("predicate_define", new() { ["name"] = "lives_in", ["single_valued"] = true, ["object_kind"] = "entity" }, TestTimeouts.Token());
        await first.CallAsync("fact_add", new() { ["subject"] = "alice smith", ["predicate"] = "lives_in", ["object"] = "London", ["valid_from"] = "2019-01-01T00:00:00Z" }, TestTimeouts.Token());
        var moved = await first.CallAsync("fact_add", new() { ["subject"] = "Alice Smith", ["predicate"] = "lives_in", ["object"] = "Paris", ["valid_from"] = "2023-06-01T00:00:00Z" }, TestTimeouts.Token());
        var search = await first.CallAsync("search_nodes", new() { ["query"] = "glider pilot", ["waitForEmbeddings"] = true }, TestTimeouts.Token());
        var textSearch = await first.CallAsync("search_nodes", new() { ["query"] = "ROCKETS", ["limit"] = 0 }, TestTimeouts.Token());
        var before = await DescribeGraphAsync(first);
        var pid = (await first.CallAsync("memory_stats", [], TestTimeouts.Token())).GetProperty("owner_process_id").GetInt32();

        using (var process = Process.GetProcessById(pid))
        {
            process.Kill();
            await process.WaitForExitAsync(TestTimeouts.Token());
        }

        await first.DisposeAsync();

        // A write torn by the kill leaves a partial frame at the end of the log: it must be cut, not trusted.
        var log = Directory.GetFiles(Path.Combine(_temp.Path, "graphs", "default"), "graph-*.log").Order(StringComparer.Ordinal).Last();
        await File.AppendAllBytesAsync(log, [0x40, 0, 0, 0, 0x12, 0x34, 0x56, 0x78, (byte)'{', (byte)'"'], TestTimeouts.Token());
        await using var second = await ServerProcess.StartStdioAsync(_temp.Path, cancellationToken: TestTimeouts.Token());
        var after = await DescribeGraphAsync(second);
        var then = await second.CallAsync("fact_query", new() { ["subject"] = "Alice Smith", ["valid_at"] = "2020-05-01T00:00:00Z" }, TestTimeouts.Token());
        var now = await second.CallAsync("fact_query", new() { ["subject"] = "Alice Smith" }, TestTimeouts.Token());
        var searchAfter = await second.CallAsync("search_nodes", new() { ["query"] = "glider pilot", ["waitForEmbeddings"] = true }, TestTimeouts.Token());
        var stats = (await second.CallAsync("memory_stats", [], TestTimeouts.Token())).GetProperty("graphs")[0];

        Assert.Equal(2, moved.GetProperty("superseded").GetArrayLength());
        var hit = search.GetProperty("entities")[0];
        Assert.Equal(("Alice Smith", "meaning"), (hit.GetProperty("name").GetString(), hit.GetProperty("match").GetString()));
        Assert.Equal(["Acme"], textSearch.GetProperty("entities").EnumerateArray().Select(e => e.GetProperty("name").GetString()));
        Assert.Equal("text", textSearch.GetProperty("entities")[0].GetProperty("match").GetString());
        Assert.Equal(2, textSearch.GetProperty("relations").GetArrayLength());
        Assert.Equal(before, after);
        Assert.Contains("Alice Smith|person|Flies gliders every weekend,Lives near the coast|", after, StringComparison.Ordinal);
        Assert.Equal(["London"], then.GetProperty("facts").EnumerateArray().Select(f => f.GetProperty("object").GetString()));
        Assert.Equal(["Paris"], now.GetProperty("facts").EnumerateArray().Select(f => f.GetProperty("object").GetString()));
        Assert.Equal("Alice Smith", searchAfter.GetProperty("entities")[0].GetProperty("name").GetString());
        Assert.Equal(("default", 5, 2, 0), (stats.GetProperty("namespace").GetString(), stats.GetProperty("entities").GetInt32(), stats.GetProperty("relations").GetInt32(), stats.GetProperty("pending_embeddings").GetInt32()));
        Assert.Equal((3, 2), (stats.GetProperty("facts").GetInt32(), stats.GetProperty("current_facts").GetInt32()));
    }

    [Fact]
    public async Task Backup_WhileTheServerRuns_HoldsTheGraph_AndRestoreBringsItBack()
    {
        var data = _temp.Combine("data");
        var backup = _temp.Combine("backup");
        var fresh = _temp.Combine("fresh");
        string before;
        await using (var client = await ServerProcess.StartStdioAsync(data, cancellationToken: TestTimeouts.Token()))
        {
            await client.CallAsync("create_entities", new() { ["entities"] = new[] { Entity("Ada", "person", "Wrote the first program"), Entity("Engine", "machine") } }, TestTimeouts.Token());
            await client.CallAsync("create_relations", new() { ["relations"] = new[] { Relation("Ada", "Engine", "programmed") } }, TestTimeouts.Token());
            await client.CallAsync("episode_add", new() { ["text"] = "An episode beside the graph" }, TestTimeouts.Token());
            before = await DescribeGraphAsync(client);
            var result = await ServerProcess.RunAsync(["backup", backup, "--data-dir", data], cancellationToken: TestTimeouts.Token());
            Assert.True(result.ExitCode == 0, result.Stderr);
            await client.CallAsync("add_observations", new() { ["observations"] = new[] { new Dictionary<string, object?> { ["entityName"] = "Ada", ["contents"] = new[] { "written after the backup" } } } }, TestTimeouts.Token());
        }

        var restore = await ServerProcess.RunAsync(["restore", backup, "--data-dir", fresh], cancellationToken: TestTimeouts.Token());
        var refused = await ServerProcess.RunAsync(["restore", backup, "--data-dir", fresh], cancellationToken: TestTimeouts.Token());
        await using var restored = await ServerProcess.StartStdioAsync(fresh, cancellationToken: TestTimeouts.Token());
        var after = await DescribeGraphAsync(restored);

        Assert.True(restore.ExitCode == 0, restore.Stderr);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("'default'", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, after);
        Assert.DoesNotContain("written after the backup", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadInput_NamesTheItem_AndNothingIsWritten()
    {
        await using var client = await ServerProcess.StartStdioAsync(_temp.Path, cancellationToken: TestTimeouts.Token());
        await client.CallAsync("create_entities", new() { ["entities"] = new[] { Entity("Alice", "person") } }, TestTimeouts.Token());

        var unknown = await client.CallExpectingErrorAsync("create_relations", new() { ["relations"] = new[] { Relation("Alice", "Alice", "is"), Relation("Alice", "Zed", "knows") } }, TestTimeouts.Token());
        var empty = await client.CallExpectingErrorAsync("create_entities", new() { ["entities"] = new[] { Entity("Bob", "person"), Entity(" ", "person") } }, TestTimeouts.Token());
        var predicate = await client.CallExpectingErrorAsync("fact_add", new() { ["subject"] = "Alice", ["predicate"] = "owns", ["value"] = "a boat" }, TestTimeouts.Token());
        var noType = await client.CallExpectingErrorAsync("create_entities", new() { ["entities"] = new[] { Entity("Carol", "person"), new Dictionary<string, object?> { ["name"] = "Dan" } } }, TestTimeouts.Token());
        var notAList = await client.CallExpectingErrorAsync("add_observations", new() { ["observations"] = "Alice likes tea" }, TestTimeouts.Token());
        var nullName = await client.CallExpectingErrorAsync("open_nodes", new() { ["names"] = new[] { "Alice", null } }, TestTimeouts.Token());
        var graph = await DescribeGraphAsync(client);

        Assert.Contains("relations[1].to", unknown, StringComparison.Ordinal);
        Assert.Contains("'Zed'", unknown, StringComparison.Ordinal);
        Assert.Contains("entities[1].name", empty, StringComparison.Ordinal);
        Assert.Contains("'owns' is not a declared predicate", predicate, StringComparison.Ordinal);
        Assert.Contains("[invalid_argument]", noType, StringComparison.Ordinal);
        Assert.Contains("'entities.1': Required properties [\"entityType\"] are not present", noType, StringComparison.Ordinal);
        Assert.Contains("'observations': Value is \"string\" but should be \"array\"", notAList, StringComparison.Ordinal);
        Assert.Contains("'names[1]' is null", nullName, StringComparison.Ordinal);
        Assert.Equal("Alice|person||\n--\n", graph);
    }

    [Fact]
    public async Task ReadGraph_OverItsBudget_SaysWhatWasLeftOut_AndTheCursorGivesTheRestExactlyOnce()
    {
        await using var client = await ServerProcess.StartStdioAsync(_temp.Path, cancellationToken: TestTimeouts.Token());
        var names = Enumerable.Range(0, 300).Select(i => $"entity {i:D3}").ToList();
        for (var batch = 0; batch < 3; batch++)
        {
            await client.CallAsync("create_entities", new()
            {
                ["entities"] = names.Skip(batch * 100).Take(100).Select(n => Entity(n, "thing", $"{n} has a long observation about the weather in the mountains and the sea")).ToArray(),
            }, TestTimeouts.Token());
        }

        await client.CallAsync("create_relations", new() { ["relations"] = names.Skip(1).Select((n, i) => Relation(names[i], n, "next")).ToArray() }, TestTimeouts.Token());

        var seen = new List<string>();
        var relations = 0;
        string? cursor = null;
        var pages = 0;
        JsonElement page;
        do
        {
            page = await client.CallAsync("read_graph", new() { ["cursor"] = cursor, ["maxTokens"] = 2000 }, TestTimeouts.Token());
            seen.AddRange(page.GetProperty("entities").EnumerateArray().Select(e => e.GetProperty("name").GetString()!));
            relations += page.GetProperty("relations").GetArrayLength();
            cursor = page.GetProperty("nextCursor").GetString();
            var omitted = page.GetProperty("omitted");
            Assert.Equal(cursor is null, omitted.GetProperty("entities").GetInt32() + omitted.GetProperty("relations").GetInt32() == 0);
            Assert.True(ModelContextProtocolTokens(page) <= 2100, $"page {pages} is over budget");
            pages++;
        }
        while (cursor is not null);

        var first = await client.CallAsync("read_graph", [], TestTimeouts.Token());
        var neighbors = new List<string>();
        var neighborRelations = 0;
        cursor = null;
        do
        {
            page = await client.CallAsync("graph_neighbors", new() { ["entity"] = "ENTITY  000", ["depth"] = 6, ["direction"] = "out", ["cursor"] = cursor, ["max_tokens"] = 100 }, TestTimeouts.Token());
            neighbors.AddRange(page.GetProperty("neighbors").EnumerateArray().Select(n => n.GetProperty("entity").GetProperty("name").GetString()!));
            neighborRelations += page.GetProperty("relations").GetArrayLength();
            cursor = page.GetProperty("next_cursor").GetString();
        }
        while (cursor is not null);

        Assert.Equal(names.Skip(1).Take(6), neighbors);
        Assert.Equal(6, neighborRelations);
        Assert.Equal(names, seen);
        Assert.Equal(299, relations);
        Assert.True(pages > 5, $"only {pages} pages");
        Assert.Equal(300 - first.GetProperty("entities").GetArrayLength(), first.GetProperty("omitted").GetProperty("entities").GetInt32());
        Assert.Equal(299, first.GetProperty("omitted").GetProperty("relations").GetInt32());
    }

    private static int ModelContextProtocolTokens(JsonElement page) =>
        Mcp.Budgets.TokenBudget.Count(page.GetProperty("entities").GetRawText()) + Mcp.Budgets.TokenBudget.Count(page.GetProperty("relations").GetRawText());

    [Fact]
    public async Task ConcurrentWriters_TwoProcessesAndManyHttpClients_LoseNoObservation()
    {
        // The official server reads its whole file, changes it and writes it back on every call, so two writers at
        // once lose one another's observations. Here 2 stdio processes and 6 HTTP clients of a third process add to the
        // same entity at once.
        await using var http = await HttpServer.StartAsync(_temp.Path, cancellationToken: TestTimeouts.Token());
        var clients = new List<McpClient>();
        for (var i = 0; i < 6; i++)
        {
            clients.Add(await http.ConnectAsync(cancellationToken: TestTimeouts.Token()));
        }

        clients.Add(await ServerProcess.StartStdioAsync(_temp.Path, cancellationToken: TestTimeouts.Token()));
        clients.Add(await ServerProcess.StartStdioAsync(_temp.Path, cancellationToken: TestTimeouts.Token()));
        try
        {
            await clients[0].CallAsync("create_entities", new() { ["entities"] = new[] { Entity("Shared", "notebook") } }, TestTimeouts.Token());
            await Task.WhenAll(clients.Select((client, c) => Task.Run(async () =>
            {
                for (var i = 0; i < 10; i++)
                {
                    await client.CallAsync("add_observations", new() { ["observations"] = new[] { new Dictionary<string, object?> { ["entityName"] = "Shared", ["contents"] = new[] { $"writer {c} note {i}" } } } }, TestTimeouts.Token());
                    await client.CallAsync("create_entities", new() { ["entities"] = new[] { Entity($"item {c}-{i}", "item") } }, TestTimeouts.Token());
                }
            })));

            foreach (var client in new[] { clients[0], clients[^1] })
            {
                var opened = await client.CallAsync("open_nodes", new() { ["names"] = new[] { "Shared" } }, TestTimeouts.Token());
                var observations = opened.GetProperty("entities")[0].GetProperty("observations").EnumerateArray().Select(o => o.GetString()).ToHashSet();
                var graph = await client.CallAsync("read_graph", new() { ["maxTokens"] = 1_000_000 }, TestTimeouts.Token());
                Assert.Equal(80, observations.Count);
                Assert.Equal(81, graph.GetProperty("entities").GetArrayLength());
            }
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }
}
