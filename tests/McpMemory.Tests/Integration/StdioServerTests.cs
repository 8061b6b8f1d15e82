using System.Diagnostics;
using System.Text.Json;
using McpMemory.Tests.Support;
using ModelContextProtocol;

namespace McpMemory.Tests.Integration;

public sealed class StdioServerTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Initialize_AndToolsList_AnswerWithinOneSecondOfStarting()
    {
        // Best of up to three starts, so that a cold disk cache or a noisy neighbour does not decide the result; the
        // cold-start benchmark (tools/McpMemory.Benchmarks cold-start) measures it properly.
        var best = TimeSpan.MaxValue;
        for (var attempt = 0; attempt < 3 && best >= TimeSpan.FromSeconds(1); attempt++)
        {
            var clock = Stopwatch.StartNew();
            await using var client = await ServerProcess.StartStdioAsync(_temp.Combine($"d{attempt}"), cancellationToken: TestTimeouts.Token());
            var tools = await client.ListToolsAsync(cancellationToken: TestTimeouts.Token());
            best = clock.Elapsed < best ? clock.Elapsed : best;
            Assert.Contains(tools, t => t.Name == "episode_add");
        }

        Assert.True(best < TimeSpan.FromSeconds(1), $"initialize + tools/list took {best.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task EpisodeAdd_Batch_SendsIncreasingProgressOnTheWireEndingAtTheTotal()
    {
        // Raw JSON-RPC over the process's stdio, so that the order of messages is the order on the wire.
        using var process = ServerProcess.Start(["serve", "--data-dir", _temp.Path]);
        var token = TestTimeouts.Token();
        async Task SendAsync(string json)
        {
            await process.StandardInput.WriteLineAsync(json.AsMemory(), token);
            await process.StandardInput.FlushAsync(token);
        }

        async Task<JsonElement> ReadAsync() => JsonDocument.Parse((await process.StandardOutput.ReadLineAsync(token))!).RootElement.Clone();

        await SendAsync("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""");
        Assert.Equal(1, (await ReadAsync()).GetProperty("id").GetInt32());
        await SendAsync("""{"jsonrpc":"2.0","method":"notifications/initialized"}""");
        var episodes = string.Join(",", Enumerable.Range(0, 30).Select(i => $$"""{"text":"turn {{i}}"}"""));
        await SendAsync("""{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"episode_add","arguments":{"episodes":[""" + episodes + """]},"_meta":{"progressToken":"p-1"}}}""");
        var progress = new List<(double Progress, double Total)>();
        JsonElement response;
        while (true)
        {
            var message = await ReadAsync();
            if (message.TryGetProperty("method", out var method) && method.GetString() == "notifications/progress")
            {
                var p = message.GetProperty("params");
                Assert.Equal("p-1", p.GetProperty("progressToken").GetString());
                progress.Add((p.GetProperty("progress").GetDouble(), p.GetProperty("total").GetDouble()));
            }
            else if (message.TryGetProperty("id", out var id) && id.GetInt32() == 2)
            {
                response = message;
                break;
            }
        }

        process.Kill(entireProcessTree: true);
        Assert.Equal(30, response.GetProperty("result").GetProperty("structuredContent").GetProperty("created").GetInt32());
        Assert.True(progress.Count >= 3, $"only {progress.Count} progress notifications");
        Assert.True(progress.Zip(progress.Skip(1)).All(pair => pair.Second.Progress > pair.First.Progress), string.Join(", ", progress));
        Assert.Equal(30, progress[^1].Progress);
        Assert.All(progress, p => Assert.Equal(30, p.Total));
    }

    [Fact]
    public async Task EpisodeAdd_TwoThousandRecords_IsAcknowledgedWhileEmbeddingsArePending()
    {
        var environment = new Dictionary<string, string?> { ["MCPMEMORY_McpMemory__Limits__MaxBatchSize"] = "2000" };
        await using var client = await ServerProcess.StartStdioAsync(_temp.Path, environment, cancellationToken: TestTimeouts.Token());
        var episodes = Enumerable.Range(0, 2000).Select(i => new Dictionary<string, object?> { ["text"] = $"Bulk note {i}: the heron{i} landed by the river", ["conversation_id"] = "bulk" }).ToList();

        var added = await client.CallAsync("episode_add", new() { ["episodes"] = episodes }, TestTimeouts.Token());
        var stats = await client.CallAsync("memory_stats", [], TestTimeouts.Token());
        var keyword = await client.CallAsync("episode_search", new() { ["query"] = "heron1999", ["mode"] = "keyword", ["k"] = 1 }, TestTimeouts.Token());

        Assert.Equal(2000, added.GetProperty("created").GetInt32());
        var pending = stats.GetProperty("namespaces")[0].GetProperty("pending_embeddings").GetInt64();
        Assert.True(pending > 0, "the write was acknowledged only after every record was embedded");
        Assert.Equal(added.GetProperty("ids")[1999].GetString(), keyword.GetProperty("hits")[0].GetProperty("episode").GetProperty("id").GetString());

        var dense = await client.CallAsync("episode_search", new() { ["query"] = "Bulk note 7: the heron7 landed by the river", ["mode"] = "dense", ["k"] = 5, ["wait_for_embeddings"] = true }, TestTimeouts.Token());
        var after = await client.CallAsync("memory_stats", [], TestTimeouts.Token());
        Assert.Equal(5, dense.GetProperty("hits").GetArrayLength());
        Assert.Equal(0, after.GetProperty("namespaces")[0].GetProperty("pending_embeddings").GetInt64());
    }

    [Fact]
    public async Task Tools_AddSearchGetListDelete_WorkTogetherThroughTheProtocol()
    {
        await using var client = await ServerProcess.StartStdioAsync(_temp.Path, cancellationToken: TestTimeouts.Token());
        var turns = new[] { "Hi, I just moved to Porto.", "Nice! How is the new flat?", "Small but it has a balcony with a view of the river.", "Do you have plants on it?", "Yes, three tomato plants and some basil." };
        var added = await client.CallAsync("episode_add", new()
        {
            ["episodes"] = turns.Select((t, i) => new Dictionary<string, object?>
            {
                ["text"] = t, ["speaker"] = i % 2 == 0 ? "Rui" : "Ana", ["timestamp"] = $"2024-06-0{i + 1}T10:00:00Z",
                ["conversation_id"] = "c1", ["session_id"] = "s1", ["client_id"] = $"t{i}", ["metadata"] = new Dictionary<string, object> { ["turn"] = i },
            }).ToList(),
        }, TestTimeouts.Token());
        var ids = added.GetProperty("ids").EnumerateArray().Select(e => e.GetString()!).ToList();

        var retry = await client.CallAsync("episode_add", new() { ["text"] = "Hi, I just moved to Porto.", ["client_id"] = "t0", ["conversation_id"] = "c1" }, TestTimeouts.Token());
        var search = await client.CallAsync("episode_search", new() { ["query"] = "tomato plants and herbs", ["mode"] = "dense", ["conversation_id"] = "c1", ["k"] = 2, ["wait_for_embeddings"] = true }, TestTimeouts.Token());
        var bySpeaker = await client.CallAsync("episode_search", new() { ["query"] = "flat", ["speaker"] = "ana", ["mode"] = "keyword" }, TestTimeouts.Token());
        var inRange = await client.CallAsync("episode_list", new() { ["from"] = "2024-06-02", ["to"] = "2024-06-04" }, TestTimeouts.Token());
        var got = await client.CallAsync("episode_get", new() { ["ids"] = new[] { ids[2], "ep_missing" }, ["context"] = 1 }, TestTimeouts.Token());
        var deleted = await client.CallAsync("episode_delete", new() { ["ids"] = new[] { ids[4] } }, TestTimeouts.Token());
        var afterDelete = await client.CallAsync("episode_search", new() { ["query"] = "tomato basil", ["mode"] = "keyword" }, TestTimeouts.Token());

        Assert.Equal(0, retry.GetProperty("created").GetInt32());
        Assert.Equal(ids[0], retry.GetProperty("ids")[0].GetString());
        var top = search.GetProperty("hits")[0];
        Assert.Equal(ids[4], top.GetProperty("episode").GetProperty("id").GetString());
        Assert.Equal(1, top.GetProperty("match").GetProperty("dense_rank").GetInt32());
        Assert.Equal("Ana", bySpeaker.GetProperty("hits")[0].GetProperty("episode").GetProperty("speaker").GetString());
        Assert.Equal([ids[1], ids[2]], inRange.GetProperty("episodes").EnumerateArray().Select(e => e.GetProperty("id").GetString()));
        var entry = got.GetProperty("episodes")[0];
        Assert.Equal([ids[1], ids[2], ids[3]], entry.GetProperty("surrounding").EnumerateArray().Select(e => e.GetProperty("id").GetString()));
        Assert.Equal(2, entry.GetProperty("episode").GetProperty("metadata").GetProperty("turn").GetInt32());
        Assert.Equal(["ep_missing"], got.GetProperty("missing").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([ids[4]], deleted.GetProperty("deleted").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(0, afterDelete.GetProperty("hits").GetArrayLength());
    }

    [Fact]
    public async Task Tools_BadInput_ReturnToolErrorsNamingTheFieldAndChangeNothing()
    {
        await using var client = await ServerProcess.StartStdioAsync(_temp.Path, new Dictionary<string, string?> { ["MCPMEMORY_McpMemory__Limits__MaxBatchSize"] = "5" }, cancellationToken: TestTimeouts.Token());

        var missing = await client.CallExpectingErrorAsync("episode_add", new() { ["episodes"] = new[] { new Dictionary<string, object?> { ["text"] = "ok" }, new Dictionary<string, object?> { ["speaker"] = "x" } } }, TestTimeouts.Token());
        var tooMany = await client.CallExpectingErrorAsync("episode_add", new() { ["episodes"] = Enumerable.Range(0, 6).Select(i => new Dictionary<string, object?> { ["text"] = "t" }).ToList() }, TestTimeouts.Token());
        var tooLong = await client.CallExpectingErrorAsync("episode_add", new() { ["text"] = new string('a', 40_000) }, TestTimeouts.Token());
        var denied = await client.CallExpectingErrorAsync("episode_search", new() { ["query"] = "x", ["namespace"] = "NOT valid" }, TestTimeouts.Token());
        var range = await client.CallExpectingErrorAsync("episode_search", new() { ["query"] = "x", ["from"] = "yesterday" }, TestTimeouts.Token());
        var huge = await client.CallExpectingErrorAsync("episode_search", new() { ["query"] = "x", ["k"] = 2_147_483_648L }, TestTimeouts.Token());
        var stats = await client.CallAsync("memory_stats", [], TestTimeouts.Token());

        Assert.Contains("episodes[1].text", missing, StringComparison.Ordinal);
        Assert.Contains("limit is 5", tooMany, StringComparison.Ordinal);
        Assert.Contains("32768", tooLong, StringComparison.Ordinal);
        Assert.Contains("namespace", denied, StringComparison.Ordinal);
        Assert.Contains("'from'", range, StringComparison.Ordinal);
        Assert.Contains("'k': 2147483648 is out of range; use a whole number from -2147483648 to 2147483647", huge, StringComparison.Ordinal);
        Assert.Equal(0, stats.GetProperty("namespaces").GetArrayLength());
    }

    [Fact]
    public async Task PipedRequests_AreEachAnsweredBeforeTheServerExitsAtTheEndOfInput()
    {
        var start = new ProcessStartInfo(ServerProcess.DotnetHost, [ServerProcess.ServerDll, "serve", "--data-dir", _temp.Path])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        _ = process.StandardError.ReadToEndAsync(TestTimeouts.Token());
        await process.StandardInput.WriteAsync("""
            {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"pipe","version":"1"}}}
            {"jsonrpc":"2.0","method":"notifications/initialized"}
            {"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"episode_add","arguments":{"text":"Written through a pipe."}}}
            {"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"episode_list","arguments":{}}}

            """.ReplaceLineEndings("\n"));
        process.StandardInput.Close();

        var output = await process.StandardOutput.ReadToEndAsync(TestTimeouts.Token());
        await process.WaitForExitAsync(TestTimeouts.Token());

        var responses = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        await using var client = await ServerProcess.StartStdioAsync(_temp.Path, cancellationToken: TestTimeouts.Token());
        var listed = await client.CallAsync("episode_list", [], TestTimeouts.Token());

        Assert.Equal([1, 2, 3], responses.Select(r => r.GetProperty("id").GetInt32()).Order());
        Assert.All(responses, r => Assert.True(r.TryGetProperty("result", out _), r.GetRawText()));
        Assert.Equal(0, process.ExitCode);
        Assert.Equal("Written through a pipe.", listed.GetProperty("episodes")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task EpisodeDelete_WithANullId_NamesItAndDeletesNothing()
    {
        await using var client = await ServerProcess.StartStdioAsync(_temp.Path, cancellationToken: TestTimeouts.Token());
        var id = (await client.CallAsync("episode_add", new() { ["text"] = "Keep me." }, TestTimeouts.Token())).GetProperty("ids")[0].GetString()!;

        var error = await client.CallExpectingErrorAsync("episode_delete", new() { ["ids"] = new[] { id, null } }, TestTimeouts.Token());
        var got = await client.CallAsync("episode_get", new() { ["ids"] = new[] { id } }, TestTimeouts.Token());

        Assert.Contains("'ids[1]' is null", error, StringComparison.Ordinal);
        Assert.Equal(1, got.GetProperty("episodes").GetArrayLength());
    }

    [Fact]
    public async Task ToolsList_MatchesThePublishedSchemas()
    {
        await using var client = await ServerProcess.StartStdioAsync(_temp.Path, cancellationToken: TestTimeouts.Token());
        var tools = await client.ListToolsAsync(cancellationToken: TestTimeouts.Token());
        var folder = Path.Combine(RepositoryRoot.Path, "schemas", "tools");
        var published = Directory.GetFiles(folder, "*.json").Select(Path.GetFileNameWithoutExtension).Order().ToList();

        Assert.Equal(tools.Select(t => t.Name).Order(), published);
        foreach (var tool in tools)
        {
            var expected = JsonNodeText(await File.ReadAllTextAsync(Path.Combine(folder, tool.Name + ".json"), TestContext.Current.CancellationToken));
            var actual = JsonNodeText(JsonSerializer.Serialize(tool.ProtocolTool, McpJsonUtilities.DefaultOptions));
            Assert.True(expected == actual, $"schemas/tools/{tool.Name}.json differs from what the server advertises; run 'mcp-memory schemas --out schemas' and review the diff.");
        }
    }

    [Fact]
    public async Task ToolsList_HasAnnotationsThatFitEachTool()
    {
        await using var client = await ServerProcess.StartStdioAsync(_temp.Path, cancellationToken: TestTimeouts.Token());
        var tools = (await client.ListToolsAsync(cancellationToken: TestTimeouts.Token())).ToDictionary(t => t.Name, t => t.ProtocolTool);

        Assert.True(tools["episode_search"].Annotations!.ReadOnlyHint);
        Assert.True(tools["episode_delete"].Annotations!.DestructiveHint);
        Assert.False(tools["episode_add"].Annotations!.ReadOnlyHint);
        Assert.All(tools.Values, t => Assert.NotNull(t.OutputSchema));
        Assert.All(tools.Values, t => Assert.False(string.IsNullOrWhiteSpace(t.Description)));
    }

    private static string JsonNodeText(string json) => System.Text.Json.Nodes.JsonNode.Parse(json)!.ToJsonString();

}
