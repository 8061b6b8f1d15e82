using System.Text;
using System.Text.Json;
using McpMemory.Tests.Support;
using ModelContextProtocol.Client;

namespace McpMemory.Tests.Durability;

/// <summary>
/// SIGKILLs a real server at the trace points of its write paths (found from its own stderr) and checks after a
/// restart that every acknowledged record is back, by id and by keywords; that a batch half in the log is gone and a
/// batch whose call was in flight is stored whole or not at all, never in part; and that the store opens without
/// complaint.
/// </summary>
public sealed class CrashMatrixTests : IDisposable
{
    private const int BatchSize = 40;
    private readonly TempDirectory _temp = new();
    private readonly Dictionary<string, string?> _environment = new()
    {
        ["MCPMEMORY_McpMemory__Store__CheckpointRecords"] = "64",
        ["MCPMEMORY_McpMemory__Store__IdleCheckpoint"] = "00:00:00.300",
    };

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("wal.add.partial@4")] // mid-batch: the fourth batch is half in the log
    [InlineData("wal.embed.partial@2")] // during an embedding commit
    [InlineData("segment.write@1")] // during a segment flush
    [InlineData("checkpoint.cleanup@1")] // manifest published, replaced files still there
    public async Task Kill_AtTracePointDuringWrites_AcknowledgedRecordsSurviveAndNothingElse(string pauseAt)
    {
        var ct = TestTimeouts.Token();
        var acknowledged = new Dictionary<string, string>();
        var inFlight = new List<List<string>>();
        await using (var server = await PausingServer.StartAsync(_temp.Path, pauseAt, _environment, ct))
        {
            for (var batch = 0; batch < 6 && !server.Paused.IsCompleted; batch++)
            {
                await AddBatchAsync(server, null, batch, acknowledged, inFlight, ct);
            }

            await server.KillAtPauseAsync(ct);
        }

        var leftBehind = Directory.GetFiles(_temp.Path, "*.tmp", SearchOption.AllDirectories);
        await using var restarted = await StartCleanAsync(ct);

        // A batch half in the log was never acknowledged and must be gone; a batch whose call was merely in flight when
        // the server stopped elsewhere may have been stored, but only whole.
        var torn = pauseAt.StartsWith("wal.add.partial", StringComparison.Ordinal);
        await AssertRecoveredAsync(restarted, null, acknowledged, torn ? [.. inFlight.SelectMany(b => b)] : [], torn ? [] : inFlight, ct);
        Assert.DoesNotContain(leftBehind, File.Exists); // half-written files of the killed process are cleared away
    }

    [Fact]
    public async Task Kill_DuringANamespacesFirstWrite_TheNamespaceOpensEmptyAndTakesWrites()
    {
        var ct = TestTimeouts.Token();
        var acknowledged = new Dictionary<string, string>();
        var inFlight = new List<List<string>>();
        await using (var server = await PausingServer.StartAsync(_temp.Path, "namespace.create@2", _environment, ct))
        {
            for (var batch = 0; batch < 3; batch++)
            {
                await AddBatchAsync(server, null, batch, acknowledged, inFlight, ct);
            }

            await AddBatchAsync(server, "fresh", 3, [], inFlight, ct);
            await server.KillAtPauseAsync(ct);
        }

        Assert.Equal(BatchSize, Assert.Single(inFlight).Count);
        await using var restarted = await StartCleanAsync(ct);
        await AssertRecoveredAsync(restarted, null, acknowledged, [], [], ct);
        var fresh = await restarted.Client.CallAsync("episode_list", new() { ["namespace"] = "fresh" }, ct);
        Assert.Equal(0, fresh.GetProperty("episodes").GetArrayLength());
        var after = new Dictionary<string, string>();
        await AddBatchAsync(restarted, "fresh", 9, after, [], ct);
        await AssertRecoveredAsync(restarted, "fresh", after, [], [], ct);
    }

    [Fact]
    public async Task Kill_DuringCompaction_DeletedRecordsStayDeletedAndTheirTextLeavesTheDisk()
    {
        var ct = TestTimeouts.Token();
        var acknowledged = new Dictionary<string, string>();
        var inFlight = new List<List<string>>();
        List<string> deletedTokens;
        await using (var server = await PausingServer.StartAsync(_temp.Path, "compaction.commit@1", _environment, ct))
        {
            for (var batch = 0; batch < 3; batch++)
            {
                await AddBatchAsync(server, null, batch, acknowledged, inFlight, ct);
            }

            await WaitUntilAllInSegmentsAsync(server.Client, ct);
            var doomed = acknowledged.Take(10).ToList();
            var deleted = await server.Client.CallAsync("episode_delete", new() { ["ids"] = doomed.Select(d => d.Key).ToList() }, ct);
            Assert.Equal(10, deleted.GetProperty("deleted").GetArrayLength());
            foreach (var (id, _) in doomed)
            {
                acknowledged.Remove(id);
            }

            deletedTokens = doomed.Select(d => d.Value).ToList();
            await server.KillAtPauseAsync(ct);
        }

        Assert.True(FilesContainingAny(deletedTokens).Count > 0, "before compaction, deleted text is still in a segment");
        await using var restarted = await StartCleanAsync(ct);
        await AssertRecoveredAsync(restarted, null, acknowledged, deletedTokens, inFlight, ct);

        // The compaction the kill interrupted runs again once the namespace is idle.
        await WaitForAsync(async () => (await StatsAsync(restarted.Client, ct)).GetProperty("deleted").GetInt32() == 0 && FilesContainingAny(deletedTokens).Count == 0, ct);
        Assert.Empty(FilesContainingAny(deletedTokens));
        await AssertRecoveredAsync(restarted, null, acknowledged, deletedTokens, inFlight, ct);
    }

    [Fact]
    public async Task Kill_AtAReindexCommit_TheForwardingCommandTakesOverRecoversAndFinishesTheReindex()
    {
        var ct = TestTimeouts.Token();
        var acknowledged = new Dictionary<string, string>();
        await using (var server = await PausingServer.StartAsync(_temp.Path, "reindex.commit@1", _environment, ct))
        {
            for (var batch = 0; batch < 2; batch++)
            {
                await AddBatchAsync(server, null, batch, acknowledged, [], ct);
            }

            // The command forwards to the server, which pauses just before committing the new vectors; once the
            // server is killed, the command takes the store over (recovering it on its old model) and runs the job.
            using var reindex = ServerProcess.Start(["reindex", "--data-dir", _temp.Path, "--embedding-model", "minilm"]);
            var reindexError = reindex.StandardError.ReadToEndAsync(ct);
            await server.KillAtPauseAsync(ct);
            await reindex.WaitForExitAsync(ct);
            Assert.True(reindex.ExitCode == 0, await reindexError);
        }

        await using var restarted = await StartCleanAsync(ct);
        await AssertRecoveredAsync(restarted, null, acknowledged, [], [], ct);
        Assert.Equal("all-MiniLM-L6-v2", (await StatsAsync(restarted.Client, ct)).GetProperty("embedding_model").GetString());
        var found = await restarted.Client.CallAsync("episode_search", new() { ["query"] = "lighthouse keeper", ["mode"] = "dense", ["k"] = 1, ["wait_for_embeddings"] = true }, ct);
        Assert.Single(found.GetProperty("hits").EnumerateArray());
    }

    private static async Task AddBatchAsync(PausingServer server, string? ns, int batch, Dictionary<string, string> acknowledged, List<List<string>> inFlight, CancellationToken ct)
    {
        var tokens = Enumerable.Range(0, BatchSize).Select(i => $"tok{batch:D2}x{i:D3}").ToList();
        var episodes = tokens.Select(token => new Dictionary<string, object?> { ["text"] = TextOf(token) }).ToList();
        var arguments = new Dictionary<string, object?> { ["episodes"] = episodes };
        if (ns is not null)
        {
            arguments["namespace"] = ns;
        }

        var result = await server.CallUnlessPausedAsync("episode_add", arguments, ct);
        if (result is null)
        {
            inFlight.Add(tokens);
            return;
        }

        var ids = result.Value.GetProperty("ids").EnumerateArray().Select(id => id.GetString()!).ToList();
        for (var i = 0; i < ids.Count; i++)
        {
            acknowledged[ids[i]] = tokens[i];
        }
    }

    private static string TextOf(string token) => $"Record {token} about the lighthouse keeper and the {token} harbour";

    private async Task<PausingServer> StartCleanAsync(CancellationToken ct) => await PausingServer.StartAsync(_temp.Path, null, _environment, ct);

    // Every acknowledged record is back by id and keywords, none of the gone ones is, and each batch whose call was in
    // flight at the kill is there whole or not at all.
    private static async Task AssertRecoveredAsync(PausingServer server, string? ns, Dictionary<string, string> acknowledged, List<string> gone, List<List<string>> inFlight, CancellationToken ct)
    {
        var get = new Dictionary<string, object?> { ["ids"] = acknowledged.Keys.ToList() };
        if (ns is not null)
        {
            get["namespace"] = ns;
        }

        var got = await server.Client.CallAsync("episode_get", get, ct);
        var texts = got.GetProperty("episodes").EnumerateArray().ToDictionary(e => e.GetProperty("episode").GetProperty("id").GetString()!, e => e.GetProperty("episode").GetProperty("text").GetString()!);
        Assert.Equal(acknowledged.Keys.Order(), texts.Keys.Order());
        foreach (var (id, token) in acknowledged)
        {
            Assert.Equal(TextOf(token), texts[id]);
            var hits = await SearchAsync(server.Client, ns, token, ct);
            Assert.Equal(id, Assert.Single(hits).GetProperty("episode").GetProperty("id").GetString());
        }

        foreach (var token in gone)
        {
            Assert.Empty(await SearchAsync(server.Client, ns, token, ct));
        }

        var stored = 0;
        foreach (var batch in inFlight)
        {
            var present = 0;
            foreach (var token in batch)
            {
                var hits = await SearchAsync(server.Client, ns, token, ct);
                if (hits.Count > 0)
                {
                    Assert.Equal(TextOf(token), Assert.Single(hits).GetProperty("episode").GetProperty("text").GetString());
                    present++;
                }
            }

            Assert.True(present == 0 || present == batch.Count, $"{present} of the {batch.Count} records of a batch in flight at the kill were stored");
            stored += present;
        }

        var total = await StatsAsync(server.Client, ct, ns);
        Assert.Equal(acknowledged.Count + stored, total.GetProperty("episodes").GetInt32());
        var stderr = server.Stderr;
        Assert.DoesNotContain(stderr, line => line.Contains("fail:", StringComparison.Ordinal) || line.Contains("crit:", StringComparison.Ordinal) || line.Contains("damaged", StringComparison.OrdinalIgnoreCase));
    }

    private static async Task<List<JsonElement>> SearchAsync(McpClient client, string? ns, string token, CancellationToken ct)
    {
        var arguments = new Dictionary<string, object?> { ["query"] = token, ["mode"] = "keyword", ["k"] = 3 };
        if (ns is not null)
        {
            arguments["namespace"] = ns;
        }

        var result = await client.CallAsync("episode_search", arguments, ct);
        return [.. result.GetProperty("hits").EnumerateArray()];
    }

    private static async Task<JsonElement> StatsAsync(McpClient client, CancellationToken ct, string? ns = null)
    {
        var stats = await client.CallAsync("memory_stats", [], ct);
        var name = ns ?? "default";
        return stats.GetProperty("namespaces").EnumerateArray().Single(n => n.GetProperty("namespace").GetString() == name);
    }

    private static async Task WaitUntilAllInSegmentsAsync(McpClient client, CancellationToken ct)
    {
        await client.CallAsync("episode_search", new() { ["query"] = "lighthouse", ["wait_for_embeddings"] = true }, ct);
        await WaitForAsync(async () => (await StatsAsync(client, ct)).GetProperty("unflushed").GetInt32() == 0, ct);
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, CancellationToken ct)
    {
        while (!await condition())
        {
            await Task.Delay(100, ct);
        }
    }

    private List<string> FilesContainingAny(List<string> tokens)
    {
        var needles = tokens.Select(Encoding.UTF8.GetBytes).ToList();
        return Directory.GetFiles(Path.Combine(_temp.Path, "namespaces"), "*", SearchOption.AllDirectories)
            .Where(path =>
            {
                byte[] bytes;
                try
                {
                    bytes = File.ReadAllBytes(path);
                }
                catch (FileNotFoundException)
                {
                    return false; // replaced by the server while we looked
                }

                return needles.Any(needle => bytes.AsSpan().IndexOf(needle) >= 0);
            })
            .ToList();
    }
}
