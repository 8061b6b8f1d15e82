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
}
