using System.Text.Json;
using McpMemory.Tests.Support;
using ModelContextProtocol.Client;

namespace McpMemory.Tests.Durability;

/// <summary><c>mcp-memory reindex</c> moves a namespace to another model while a server keeps answering searches.</summary>
public sealed class ReindexTests : IDisposable
{
    private const string ArcticId = "snowflake-arctic-embed-xs";
    private const string MiniLMId = "all-MiniLM-L6-v2";
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Reindex_WhileAServerRuns_SearchesKeepWorkingAndThenUseTheNewModel()
    {
        var ct = TestTimeouts.Token();
        var topics = new[] { "baking sourdough bread", "repairing a bicycle chain", "planting tomatoes in spring", "learning the violin", "hiking in the alps" };
        await using var server = await ServerProcess.StartStdioAsync(_temp.Path, cancellationToken: ct);
        var episodes = Enumerable.Range(0, 150)
            .Select(i => new Dictionary<string, object?> { ["text"] = $"Note {i}: today I spent the afternoon {topics[i % topics.Length]} with friend number {i}" })
            .ToList();
        await server.CallAsync("episode_add", new() { ["episodes"] = episodes }, ct);
        var before = await DenseSearchAsync(server, "fixing my bike", ct);
        Assert.Equal(ArcticId, await NamespaceModelAsync(server, ct));
        Assert.Contains("bicycle", TopText(before), StringComparison.Ordinal);

        // The reindex runs in the server (this command forwards to it); searches go on meanwhile.
        using var reindex = ServerProcess.Start(["reindex", "--data-dir", _temp.Path, "--embedding-model", "minilm", "--json"]);
        var output = reindex.StandardOutput.ReadToEndAsync(ct);
        var progress = reindex.StandardError.ReadToEndAsync(ct);
        var searchesDuring = 0;
        var modelsSeen = new HashSet<string>();
        while (!reindex.HasExited)
        {
            var during = await DenseSearchAsync(server, "fixing my bike", ct);
            Assert.Contains("bicycle", TopText(during), StringComparison.Ordinal);
            modelsSeen.Add(await NamespaceModelAsync(server, ct));
            searchesDuring++;
        }

        await reindex.WaitForExitAsync(ct);
        Assert.True(reindex.ExitCode == 0, await progress);
        var result = JsonDocument.Parse(await output).RootElement;
        Assert.Equal(ArcticId, result.GetProperty("from_model").GetString());
        Assert.Equal(MiniLMId, result.GetProperty("to_model").GetString());
        Assert.Equal(150, result.GetProperty("records").GetInt32());
        Assert.Contains("reindex", await progress, StringComparison.Ordinal);
        Assert.True(searchesDuring > 0);
        Assert.Contains(ArcticId, modelsSeen); // the old vectors served until the new ones were complete

        // Now the namespace answers with MiniLM vectors, in this server and after restarts with either configured model.
        Assert.Equal(MiniLMId, await NamespaceModelAsync(server, ct));
        var after = await DenseSearchAsync(server, "fixing my bike", ct);
        Assert.Contains("bicycle", TopText(after), StringComparison.Ordinal);
        await server.DisposeAsync();
        await using var restarted = await ServerProcess.StartStdioAsync(_temp.Path, cancellationToken: ct);
        Assert.Equal(MiniLMId, await NamespaceModelAsync(restarted, ct));
        Assert.Contains("bicycle", TopText(await DenseSearchAsync(restarted, "fixing my bike", ct)), StringComparison.Ordinal);
        var added = await restarted.CallAsync("episode_add", new() { ["text"] = "I went kayaking on the lake at dawn" }, ct);
        var kayak = await restarted.CallAsync("episode_search", new() { ["query"] = "paddling a boat", ["mode"] = "dense", ["k"] = 1, ["wait_for_embeddings"] = true }, ct);
        Assert.Equal(added.GetProperty("ids")[0].GetString(), kayak.GetProperty("hits")[0].GetProperty("episode").GetProperty("id").GetString());
    }

    [Fact]
    public async Task Reindex_ToTheModelInUse_ChangesNothing()
    {
        var ct = TestTimeouts.Token();
        await using (var server = await ServerProcess.StartStdioAsync(_temp.Path, cancellationToken: ct))
        {
            await server.CallAsync("episode_add", new() { ["text"] = "a single note" }, ct);
        }

        var (code, stdout, stderr) = await ServerProcess.RunAsync(["reindex", "--data-dir", _temp.Path], cancellationToken: ct);

        Assert.True(code == 0, stderr);
        Assert.Contains("already uses snowflake-arctic-embed-xs", stdout, StringComparison.Ordinal);
    }

    private static async Task<JsonElement> DenseSearchAsync(McpClient client, string query, CancellationToken ct) =>
        await client.CallAsync("episode_search", new() { ["query"] = query, ["mode"] = "dense", ["k"] = 3, ["wait_for_embeddings"] = true }, ct);

    private static string TopText(JsonElement result) => result.GetProperty("hits")[0].GetProperty("episode").GetProperty("text").GetString()!;

    private static async Task<string> NamespaceModelAsync(McpClient client, CancellationToken ct) =>
        (await client.CallAsync("memory_stats", [], ct)).GetProperty("namespaces")[0].GetProperty("embedding_model").GetString()!;
}
