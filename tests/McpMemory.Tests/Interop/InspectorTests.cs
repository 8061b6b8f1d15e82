using System.Text.Json;
using McpMemory.Tests.Support;

namespace McpMemory.Tests.Interop;

/// <summary>The official MCP Inspector's command-line client lists our tools and uses them over every transport.</summary>
public sealed class InspectorTests : IDisposable
{
    // Every published tool (schemas/tools), which the schema test holds equal to what the server lists.
    private static readonly string[] ToolNames = [.. Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "schemas", "tools"), "*.json").Select(Path.GetFileNameWithoutExtension).OfType<string>().Order(StringComparer.Ordinal)];
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("stdio")]
    [InlineData("http")]
    [InlineData("sse")]
    public async Task InspectorCli_OverEachTransport_ListsToolsStoresAnEpisodeAndFindsIt(string transport)
    {
        var data = _temp.Combine("data");
        var home = _temp.Combine("home");
        Directory.CreateDirectory(home);
        await using var server = transport == "stdio" ? null : await HttpServer.StartAsync(data, cancellationToken: TestTimeouts.Token());
        var target = transport switch
        {
            "stdio" => InspectorCli.Stdio(data),
            "http" => InspectorCli.StreamableHttp(server!),
            _ => InspectorCli.LegacySse(server!),
        };

        var tools = await InspectorCli.ListToolsAsync(target, home, TestTimeouts.Token());
        var added = await InspectorCli.CallToolAsync(target, "episode_add", new() { ["text"] = $"The Inspector stored this over {transport}: the ferry to Tresco leaves at 09:40", ["speaker"] = "inspector" }, home, TestTimeouts.Token());
        var found = await InspectorCli.CallToolAsync(target, "episode_search", new() { ["query"] = "ferry Tresco", ["mode"] = "keyword", ["k"] = 3 }, home, TestTimeouts.Token());
        var stats = await InspectorCli.CallToolAsync(target, "memory_stats", [], home, TestTimeouts.Token());

        Assert.Equal(ToolNames, tools.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString()).Order(StringComparer.Ordinal));
        var id = added.GetProperty("ids")[0].GetString();
        Assert.StartsWith("ep_", id, StringComparison.Ordinal);
        Assert.Equal(1, added.GetProperty("created").GetInt32());
        var hit = found.GetProperty("hits")[0].GetProperty("episode");
        Assert.Equal(id, hit.GetProperty("id").GetString());
        Assert.Equal("inspector", hit.GetProperty("speaker").GetString());
        Assert.Contains("09:40", hit.GetProperty("text").GetString(), StringComparison.Ordinal);
        var ns = Assert.Single(stats.GetProperty("namespaces").EnumerateArray());
        Assert.Equal(1, ns.GetProperty("episodes").GetInt64());
        Assert.Equal(Path.GetFullPath(data), stats.GetProperty("data_directory").GetString());
    }

    [Fact]
    public async Task InspectorCli_EveryToolAndOptionalField_ResultPassesTheInspectorsOutputSchemaCheck()
    {
        // The Inspector (TypeScript SDK) validates structuredContent against the tool's outputSchema and fails the call
        // when they disagree: every tool is called here, with nulls and optional fields both present and absent.
        var home = _temp.Combine("home");
        Directory.CreateDirectory(home);
        await using var server = await HttpServer.StartAsync(_temp.Combine("data"), cancellationToken: TestTimeouts.Token());
        var target = InspectorCli.StreamableHttp(server);
        Task<JsonElement> CallAsync(string tool, Dictionary<string, object?> arguments) => InspectorCli.CallToolAsync(target, tool, arguments, home, TestTimeouts.Token());

        var added = await CallAsync("episode_add", new()
        {
            ["episodes"] = new object[]
            {
                new Dictionary<string, object?> { ["text"] = "When does the ferry to Tresco leave?", ["speaker"] = "ann", ["role"] = "user", ["conversation_id"] = "trip", ["session_id"] = "s1", ["timestamp"] = "2024-05-08T09:00:00Z" },
                new Dictionary<string, object?> { ["text"] = "At 09:40 from the quay, every day but Sunday.", ["speaker"] = "bot", ["role"] = "assistant", ["conversation_id"] = "trip", ["session_id"] = "s1", ["timestamp"] = "2024-05-08T09:00:05Z" },
                new Dictionary<string, object?> { ["text"] = "Pack a raincoat", ["metadata"] = new Dictionary<string, object?> { ["mood"] = "calm" }, ["client_id"] = "note-1" },
            },
        });
        var ids = added.GetProperty("ids").EnumerateArray().Select(e => e.GetString()).ToList();
        var hybrid = await CallAsync("episode_search", new() { ["query"] = "ferry departure time", ["wait_for_embeddings"] = true });
        var dense = await CallAsync("episode_search", new() { ["query"] = "rain clothing", ["mode"] = "dense", ["k"] = 2 });
        var got = await CallAsync("episode_get", new() { ["ids"] = new[] { ids[1] }, ["context"] = 1 });
        var firstPage = await CallAsync("episode_list", new() { ["limit"] = 2 });
        var lastPage = await CallAsync("episode_list", new() { ["limit"] = 2, ["cursor"] = firstPage.GetProperty("next_cursor").GetString() });
        var deleted = await CallAsync("episode_delete", new() { ["ids"] = new[] { ids[2] } });
        var stats = await CallAsync("memory_stats", []);

        Assert.Equal(3, ids.Count);
        Assert.Contains(hybrid.GetProperty("hits").EnumerateArray(), h => h.GetProperty("match").GetProperty("keyword_rank").ValueKind == JsonValueKind.Null);
        Assert.Contains(hybrid.GetProperty("hits").EnumerateArray(), h => h.GetProperty("match").GetProperty("keyword_rank").ValueKind == JsonValueKind.Number);
        Assert.Equal(ids[2], dense.GetProperty("hits")[0].GetProperty("episode").GetProperty("id").GetString());
        Assert.Equal([ids[0], ids[1]], got.GetProperty("episodes")[0].GetProperty("surrounding").EnumerateArray().Select(e => e.GetProperty("id").GetString()));
        Assert.Equal(JsonValueKind.String, firstPage.GetProperty("next_cursor").ValueKind);
        Assert.Equal(JsonValueKind.Null, lastPage.GetProperty("next_cursor").ValueKind);
        Assert.Equal([ids[2]], deleted.GetProperty("deleted").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(2, stats.GetProperty("namespaces")[0].GetProperty("episodes").GetInt64());
    }

    [Fact]
    public async Task InspectorCli_EveryDocumentTool_ResultPassesTheInspectorsOutputSchemaCheck()
    {
        // As above, for the document tools: optional fields present and absent, passages and cursors null and not.
        var home = _temp.Combine("home");
        Directory.CreateDirectory(home);
        await using var server = await HttpServer.StartAsync(_temp.Combine("data"), cancellationToken: TestTimeouts.Token());
        var target = InspectorCli.StreamableHttp(server);
        Task<JsonElement> CallAsync(string tool, Dictionary<string, object?> arguments) => InspectorCli.CallToolAsync(target, tool, arguments, home, TestTimeouts.Token());
        var text = string.Join("\n\n", Enumerable.Range(0, 40).Select(i => $"## Part {i}\n\nThe ferry schedule note number {i} says the boat leaves at 09:{i:D2} from the quay, weather permitting."));

        var plain = await CallAsync("document_add", new() { ["text"] = "Pack a raincoat for the islands." });
        var added = await CallAsync("document_add", new() { ["text"] = "# Ferries\n\n" + text, ["title"] = "Ferry notes", ["source"] = "notes/ferry.md", ["metadata"] = new Dictionary<string, object?> { ["trip"] = "scilly" }, ["format"] = "markdown" });
        var id = added.GetProperty("document").GetProperty("id").GetString()!;
        var hits = await CallAsync("document_search", new() { ["query"] = "when does the boat leave", ["wait_for_embeddings"] = true, ["k"] = 3 });
        var expanded = await CallAsync("document_search", new() { ["query"] = "note number 7", ["mode"] = "keyword", ["expand"] = 2, ["source"] = "notes/*", ["metadata"] = new Dictionary<string, object?> { ["trip"] = "scilly" }, ["document_id"] = id });
        var firstPage = await CallAsync("document_get", new() { ["document_id"] = id, ["max_chars"] = 1000 });
        var range = await CallAsync("document_get", new() { ["document_id"] = id, ["from_chunk"] = 1, ["to_chunk"] = 1 });
        var listed = await CallAsync("document_list", new() { ["limit"] = 1 });
        var deleted = await CallAsync("document_delete", new() { ["document_ids"] = new[] { id, "doc_missing" } });

        Assert.True(plain.GetProperty("created").GetBoolean());
        Assert.False(plain.GetProperty("document").TryGetProperty("source", out var source) && source.ValueKind == JsonValueKind.String);
        Assert.True(added.GetProperty("document").GetProperty("chunk_count").GetInt32() > 2);
        Assert.False(hits.GetProperty("hits")[0].TryGetProperty("passage", out var none) && none.ValueKind == JsonValueKind.Object);
        Assert.Equal(JsonValueKind.Object, expanded.GetProperty("hits")[0].GetProperty("passage").ValueKind);
        Assert.Equal(JsonValueKind.String, firstPage.GetProperty("next_cursor").ValueKind);
        Assert.Equal(JsonValueKind.Null, range.GetProperty("next_cursor").ValueKind);
        Assert.Equal(JsonValueKind.String, listed.GetProperty("next_cursor").ValueKind);
        Assert.Equal(["doc_missing"], deleted.GetProperty("missing").EnumerateArray().Select(e => e.GetString()));
    }
}
