using System.Text.Json;
using McpMemory.Tests.Support;
using ModelContextProtocol.Client;

namespace McpMemory.Tests.Integration;

/// <summary>
/// <c>mcp-memory import/export --format server-memory</c>: the memory file of the official
/// <c>@modelcontextprotocol/server-memory</c> moves into our knowledge graph and back without loss.
/// </summary>
public sealed class ServerMemoryTransferTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Import_FileWrittenByTheOfficialServer_ReadGraphHasItsEntitiesRelationsAndObservations()
    {
        var memoryFile = _temp.Combine("official", "memory.jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(memoryFile)!);
        JsonElement theirs;
        await using (var official = await OfficialMemoryServer.StartAsync(memoryFile, TestTimeouts.Token()))
        {
            await CallOfficialAsync(official, "create_entities", "entities", """
                [{"name":"Alice","entityType":"person","observations":["Works at Acme Corp","Likes green tea"]},
                 {"name":"Bob","entityType":"person","observations":["Plays the cello"]},
                 {"name":"Acme Corp","entityType":"organization","observations":["Makes anvils"]},
                 {"name":"Zoë Ångström","entityType":"person","observations":["Grew up in Malmö","Speaks 日本語"]},
                 {"name":"東京","entityType":"city","observations":[]},
                 {"name":"alice","entityType":"person","observations":["Lowercase namesake, \"quoted\"\nand on two lines"]}]
                """);
            await CallOfficialAsync(official, "create_relations", "relations", """
                [{"from":"Alice","to":"Acme Corp","relationType":"works_at"},
                 {"from":"Bob","to":"Alice","relationType":"knows"},
                 {"from":"Zoë Ångström","to":"東京","relationType":"visited"},
                 {"from":"Bob","to":"Bob","relationType":"talks_to"}]
                """);
            await CallOfficialAsync(official, "add_observations", "observations", """
                [{"entityName":"Alice","contents":["Speaks French"]},{"entityName":"東京","contents":["Population about 14 million"]}]
                """);
            await CallOfficialAsync(official, "delete_observations", "deletions", """[{"entityName":"Bob","observations":["Plays the cello"]}]""");
            await CallOfficialAsync(official, "delete_relations", "relations", """[{"from":"Bob","to":"Alice","relationType":"knows"}]""");
            theirs = await official.CallAsync("read_graph", [], TestTimeouts.Token());
        }

        var data = _temp.Combine("data");
        var import = await ImportAsync(memoryFile, data);
        await using var ours = await ServerProcess.StartStdioAsync(data, cancellationToken: TestTimeouts.Token());
        var graph = await ours.CallAsync("read_graph", new() { ["maxTokens"] = 100_000 }, TestTimeouts.Token());

        Assert.Equal(6, import.GetProperty("created").GetInt64());
        Assert.Equal(3, import.GetProperty("relations_created").GetInt64());
        Assert.Equal(0, import.GetProperty("collisions").GetInt64());
        Assert.Equal(1, import.GetProperty("writes").GetInt32());
        Assert.Equal(6, theirs.GetProperty("entities").GetArrayLength());
        Assert.Equal(Canonical(theirs), Canonical(graph));
        var alice = graph.GetProperty("entities").EnumerateArray().Single(e => e.GetProperty("name").GetString() == "Alice");
        Assert.Equal(["Works at Acme Corp", "Likes green tea", "Speaks French"], alice.GetProperty("observations").EnumerateArray().Select(o => o.GetString()));
    }

    [Fact]
    public async Task Export_AfterImport_WritesTheOfficialLinesInTheOfficialFieldOrder_AndReimportsIntoANewNamespaceEqual()
    {
        var source = _temp.Combine("memory.jsonl");
        await File.WriteAllLinesAsync(source, [
            """{"type":"entity","name":"Alice","entityType":"person","observations":["Works at Acme Corp","Likes green tea"]}""",
            """{"type":"entity","name":"Acme Corp","entityType":"organization","observations":[]}""",
            """{"type":"entity","name":"Zoë","entityType":"person","observations":["Speaks 日本語","Says \"hi\"\tloudly"]}""",
            """{"type":"relation","from":"Alice","to":"Acme Corp","relationType":"works_at"}""",
            """{"type":"relation","from":"Zoë","to":"Alice","relationType":"knows"}""",
        ], TestContext.Current.CancellationToken);
        var data = _temp.Combine("data");
        var exported = _temp.Combine("exported.jsonl");

        await ImportAsync(source, data);
        var export = await ServerProcess.RunAsync(["export", "--format", "server-memory", "--data-dir", data, "--out", exported], cancellationToken: TestTimeouts.Token());
        var reimport = await ImportAsync(exported, data, "--namespace", "copy");
        await using var ours = await ServerProcess.StartStdioAsync(data, cancellationToken: TestTimeouts.Token());
        var original = await ours.CallAsync("read_graph", [], TestTimeouts.Token());
        var copy = await ours.CallAsync("read_graph", new() { ["namespace"] = "copy" }, TestTimeouts.Token());

        Assert.True(export.ExitCode == 0, export.Stderr);
        var lines = await File.ReadAllLinesAsync(exported, TestContext.Current.CancellationToken);
        Assert.Equal(5, lines.Length);
        Assert.Equal(
            (await File.ReadAllLinesAsync(source, TestContext.Current.CancellationToken)).Select(Normalized).Order(StringComparer.Ordinal),
            lines.Select(Normalized).Order(StringComparer.Ordinal));
        Assert.All(lines.Take(3), l => Assert.Equal(["type", "name", "entityType", "observations"], FieldsOf(l)));
        Assert.All(lines.Skip(3), l => Assert.Equal(["type", "from", "to", "relationType"], FieldsOf(l)));
        Assert.Contains("Speaks 日本語", lines[2], StringComparison.Ordinal);
        Assert.Equal(3, reimport.GetProperty("created").GetInt64());
        Assert.Equal("copy", copy.GetProperty("namespace").GetString());
        Assert.Equal(Canonical(original), Canonical(copy));
        Assert.Equal(5, Canonical(copy).Count);
    }

    public static TheoryData<string, string> MalformedLines => new()
    {
        { """{"type":"entity","name":"Broken","entityType":"person","observations":[""", "not valid JSON" },
        { """{"type":"node","name":"Carol","entityType":"person","observations":[]}""", "'type' is \"node\"" },
        { """{"name":"Carol","entityType":"person","observations":[]}""", "'type' is missing" },
        { """{"type":"entity","entityType":"person","observations":[]}""", "'name' is missing" },
        { """{"type":"entity","name":"  ","entityType":"person","observations":[]}""", "'name' is empty" },
        { """{"type":"entity","name":"Carol","entityType":"person","observations":["ok",42]}""", "'observations[1]' is a JSON number" },
        { """{"type":"relation","from":"Alice","to":"","relationType":"knows"}""", "'to' is empty" },
        { """["type","entity"]""", "it is a JSON array" },
    };

    [Theory]
    [MemberData(nameof(MalformedLines))]
    public async Task Import_MalformedLine_NamesTheLineAndFieldAndStoresNothing(string badLine, string reason)
    {
        var file = _temp.Combine("bad.jsonl");
        await File.WriteAllLinesAsync(file, [
            """{"type":"entity","name":"Alice","entityType":"person","observations":["fine"]}""",
            "",
            badLine,
            """{"type":"relation","from":"Alice","to":"Alice","relationType":"knows"}""",
        ], TestContext.Current.CancellationToken);
        var data = _temp.Combine("data");

        var (exit, stdout, stderr) = await ServerProcess.RunAsync(["import", "--format", "server-memory", file, "--data-dir", data], cancellationToken: TestTimeouts.Token());
        var export = await ServerProcess.RunAsync(["export", "--format", "server-memory", "--data-dir", data], cancellationToken: TestTimeouts.Token());

        Assert.Equal(2, exit);
        Assert.Contains("Line 3 of", stderr, StringComparison.Ordinal);
        Assert.Contains(reason, stderr, StringComparison.Ordinal);
        Assert.Contains("Nothing was stored", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.Equal("", stdout);
        Assert.True(export.ExitCode == 0, export.Stderr);
        Assert.Equal("", export.Stdout);
    }

    [Fact]
    public async Task Import_NamesAlreadyPresent_AreReportedAsCollisionsAndLeftAsTheyWere()
    {
        var first = _temp.Combine("first.jsonl");
        var second = _temp.Combine("second.jsonl");
        await File.WriteAllLinesAsync(first, [
            """{"type":"entity","name":"Alice","entityType":"person","observations":["Original"]}""",
        ], TestContext.Current.CancellationToken);
        await File.WriteAllLinesAsync(second, [
            """{"type":"entity","name":"Alice","entityType":"robot","observations":["Rewritten"]}""",
            """{"type":"entity","name":"Bob","entityType":"person","observations":["New"]}""",
            """{"type":"entity","name":"Bob","entityType":"person","observations":["Given twice"]}""",
            """{"type":"relation","from":"Bob","to":"Alice","relationType":"knows"}""",
            """{"type":"relation","from":"Bob","to":"Nobody","relationType":"knows"}""",
        ], TestContext.Current.CancellationToken);
        var data = _temp.Combine("data");
        await ImportAsync(first, data);

        var (exit, stdout, stderr) = await ServerProcess.RunAsync(["import", "--format", "server-memory", second, "--data-dir", data, "--json"], cancellationToken: TestTimeouts.Token());
        await using var ours = await ServerProcess.StartStdioAsync(data, cancellationToken: TestTimeouts.Token());
        var opened = await ours.CallAsync("open_nodes", new() { ["names"] = new[] { "Alice", "Bob" } }, TestTimeouts.Token());

        Assert.True(exit == 0, stderr);
        var summary = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(1, summary.GetProperty("created").GetInt64());
        Assert.Equal(2, summary.GetProperty("collisions").GetInt64());
        Assert.Equal(["Alice", "Bob"], summary.GetProperty("collision_names").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal(1, summary.GetProperty("relations_created").GetInt64());
        Assert.Equal(1, summary.GetProperty("dangling_relations").GetInt64());
        Assert.Contains("name collision on line 1: 'Alice' is already an entity in namespace 'default'", stderr, StringComparison.Ordinal);
        Assert.Contains("name collision on line 3: 'Bob' is given again (first on line 2)", stderr, StringComparison.Ordinal);
        Assert.Contains("relation on line 5 ('Bob' knows 'Nobody') left out", stderr, StringComparison.Ordinal);
        var entities = opened.GetProperty("entities").EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!);
        Assert.Equal("person", entities["Alice"].GetProperty("entityType").GetString());
        Assert.Equal(["Original"], entities["Alice"].GetProperty("observations").EnumerateArray().Select(o => o.GetString()));
        Assert.Equal(["New"], entities["Bob"].GetProperty("observations").EnumerateArray().Select(o => o.GetString()));
    }

    [Fact]
    public async Task Import_BesideARunningServer_IsForwardedToItAndWaitsUntilSearchableByMeaning()
    {
        var file = _temp.Combine("memory.jsonl");
        await File.WriteAllLinesAsync(file, [
            """{"type":"entity","name":"Marguerite","entityType":"person","observations":["Keeps bees on her roof and sells the honey at the market"]}""",
            """{"type":"entity","name":"Tomas","entityType":"person","observations":["Repairs vintage motorcycles in his garage"]}""",
            """{"type":"relation","from":"Tomas","to":"Marguerite","relationType":"buys_from"}""",
        ], TestContext.Current.CancellationToken);
        var data = _temp.Combine("data");
        await using var server = await ServerProcess.StartStdioAsync(data, cancellationToken: TestTimeouts.Token());
        var ownerBefore = (await server.CallAsync("memory_stats", [], TestTimeouts.Token())).GetProperty("owner_process_id").GetInt32();

        var import = await ImportAsync(file, data, "--wait-embeddings");
        var stats = await server.CallAsync("memory_stats", [], TestTimeouts.Token());
        var opened = await server.CallAsync("open_nodes", new() { ["names"] = new[] { "Marguerite", "Tomas" } }, TestTimeouts.Token());
        var search = await server.CallAsync("search_nodes", new() { ["query"] = "apiculture", ["minScore"] = 0.0, ["limit"] = 1 }, TestTimeouts.Token());

        Assert.Equal(2, import.GetProperty("created").GetInt64());
        Assert.Equal(0, import.GetProperty("pending_embeddings").GetInt64());
        Assert.Equal(ownerBefore, stats.GetProperty("owner_process_id").GetInt32());
        Assert.Equal(2, opened.GetProperty("entities").GetArrayLength());
        Assert.Equal("Tomas", opened.GetProperty("relations")[0].GetProperty("from").GetString());
        var match = Assert.Single(search.GetProperty("entities").EnumerateArray());
        Assert.Equal("Marguerite", match.GetProperty("name").GetString());
        Assert.Equal("meaning", match.GetProperty("match").GetString());
    }

    private async Task<JsonElement> ImportAsync(string file, string data, params string[] more)
    {
        var (exit, stdout, stderr) = await ServerProcess.RunAsync(["import", "--format", "server-memory", file, "--data-dir", data, "--json", .. more], cancellationToken: TestTimeouts.Token());
        Assert.True(exit == 0, $"import failed (exit {exit}):\n{stdout}\n{stderr}");
        return JsonDocument.Parse(stdout).RootElement.Clone();
    }

    private static Task<JsonElement> CallOfficialAsync(McpClient official, string tool, string argument, string json) =>
        official.CallAsync(tool, new() { [argument] = JsonDocument.Parse(json).RootElement.Clone() }, TestTimeouts.Token());

    /// <summary>A graph as sorted lines: one per entity (name, type, observations in order), one per relation.</summary>
    private static List<string> Canonical(JsonElement graph) =>
        graph.GetProperty("entities").EnumerateArray()
            .Select(e => $"entity {e.GetProperty("name").GetString()} | {e.GetProperty("entityType").GetString()} | {string.Join(" | ", e.GetProperty("observations").EnumerateArray().Select(o => o.GetString()))}")
            .Concat(graph.GetProperty("relations").EnumerateArray().Select(r => $"relation {r.GetProperty("from").GetString()} | {r.GetProperty("to").GetString()} | {r.GetProperty("relationType").GetString()}"))
            .Order(StringComparer.Ordinal)
            .ToList();

    private static string Normalized(string line) => JsonSerializer.Serialize(JsonDocument.Parse(line).RootElement);

    private static List<string> FieldsOf(string line) => JsonDocument.Parse(line).RootElement.EnumerateObject().Select(p => p.Name).ToList();
}
