using System.Text.Json;
using McpMemory.Tests.Support;
using ModelContextProtocol.Client;

namespace McpMemory.Tests.Documents;

/// <summary>The document tools through the MCP SDK's client, over stdio, against real server processes.</summary>
public sealed class DocumentToolsTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Tools_AddSearchGetDelete_CiteExactTextAndForgetIt()
    {
        var ct = TestTimeouts.Token();
        var text = await File.ReadAllTextAsync(Path.Combine(RetrievalTestSet.Folder, "incident-runbook.md"), ct);
        await using var client = await ServerProcess.StartStdioAsync(_temp.Path, cancellationToken: ct);
        var progress = new List<ModelContextProtocol.ProgressNotificationValue>();
        var reported = new Dictionary<float, TaskCompletionSource>();

        var added = await client.CallAsync("document_add", new()
        {
            ["text"] = text,
            ["source"] = "runbooks/ledger-db.md",
            ["metadata"] = JsonDocument.Parse("""{"team":"dbre","tier":1}""").RootElement,
        }, ct, new SyncProgress(progress, reported));
        var document = added.GetProperty("document");
        var id = document.GetProperty("id").GetString()!;
        var chunkCount = document.GetProperty("chunk_count").GetInt32();

        // The SDK client hands progress notifications to their handler apart from the result, so the last one may
        // arrive just after it (the order on the wire is tested with raw JSON-RPC for episode_add).
        TaskCompletionSource last;
        lock (progress)
        {
            last = reported.TryGetValue(chunkCount, out var seen) ? seen : reported[chunkCount] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        await last.Task.WaitAsync(ct);
        var search = await client.CallAsync("document_search", new()
        {
            ["query"] = "a replica lags behind the primary because of long queries",
            ["k"] = 3,
            ["expand"] = 1,
            ["wait_for_embeddings"] = true,
            ["metadata"] = JsonDocument.Parse("""{"team":"dbre"}""").RootElement,
        }, ct);
        var wrongTeam = await client.CallAsync("document_search", new() { ["query"] = "replica lag", ["metadata"] = JsonDocument.Parse("""{"team":"web"}""").RootElement }, ct);
        var got = await client.CallAsync("document_get", new() { ["document_id"] = id }, ct);
        var list = await client.CallAsync("document_list", [], ct);
        var stats = await client.CallAsync("memory_stats", [], ct);
        var episodes = await client.CallAsync("episode_list", [], ct);
        var deleted = await client.CallAsync("document_delete", new() { ["document_ids"] = new[] { id } }, ct);
        var afterDelete = await client.CallAsync("document_search", new() { ["query"] = "replica", ["mode"] = "keyword" }, ct);
        var getDeleted = await client.CallExpectingErrorAsync("document_get", new() { ["document_id"] = id }, ct);

        Assert.True(added.GetProperty("created").GetBoolean());
        Assert.Equal("Ledger Database On-Call Runbook", document.GetProperty("title").GetString());
        Assert.Equal("markdown", document.GetProperty("format").GetString());
        Assert.Equal(text.Length, document.GetProperty("length").GetInt32());
        // The client may hand notifications to the handler out of order: what arrived must end at the total and never
        // pass it, one report per chunk at most.
        lock (progress)
        {
            Assert.Equal(chunkCount, progress.Max(p => p.Progress));
            Assert.All(progress, p => Assert.Equal(chunkCount, p.Total));
            Assert.Equal(progress.Count, progress.Select(p => p.Progress).Distinct().Count());
        }
        var hit = search.GetProperty("hits")[0];
        Assert.Equal(id, hit.GetProperty("document_id").GetString());
        Assert.Equal("runbooks/ledger-db.md", hit.GetProperty("source").GetString());
        Assert.Contains("conflicts with replay", hit.GetProperty("text").GetString(), StringComparison.Ordinal);
        var (start, end) = (hit.GetProperty("char_start").GetInt32(), hit.GetProperty("char_end").GetInt32());
        Assert.Equal(text[start..end], hit.GetProperty("text").GetString());
        Assert.Equal(["Ledger Database On-Call Runbook", "Alerts", "ReplicationLagHigh"], hit.GetProperty("heading_path").EnumerateArray().Select(h => h.GetString()));
        Assert.Equal(1, hit.GetProperty("match").GetProperty("dense_rank").GetInt32());
        var passage = hit.GetProperty("passage");
        Assert.Equal(text[passage.GetProperty("char_start").GetInt32()..passage.GetProperty("char_end").GetInt32()], passage.GetProperty("text").GetString());
        Assert.Equal(hit.GetProperty("chunk_index").GetInt32() - 1, passage.GetProperty("first_chunk").GetInt32());
        Assert.Empty(wrongTeam.GetProperty("hits").EnumerateArray());
        Assert.Equal(text, got.GetProperty("content").GetProperty("text").GetString());
        Assert.Equal(JsonValueKind.Null, got.GetProperty("next_cursor").ValueKind);
        Assert.Equal(1, got.GetProperty("document").GetProperty("metadata").GetProperty("tier").GetInt32());
        Assert.Equal(id, list.GetProperty("documents")[0].GetProperty("id").GetString());
        var ns = Assert.Single(stats.GetProperty("namespaces").EnumerateArray());
        Assert.Equal(("default", "documents", chunkCount), (ns.GetProperty("namespace").GetString(), ns.GetProperty("kind").GetString(), ns.GetProperty("episodes").GetInt32()));
        Assert.Empty(episodes.GetProperty("episodes").EnumerateArray());
        Assert.Equal(chunkCount, deleted.GetProperty("chunks").GetInt32());
        Assert.Empty(afterDelete.GetProperty("hits").EnumerateArray());
        Assert.Contains("not_found", getDeleted, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DocumentAdd_SameTextAgainAndBadInput_ChangeNothingAndSayWhy()
    {
        var ct = TestTimeouts.Token();
        await using var client = await ServerProcess.StartStdioAsync(_temp.Path, cancellationToken: ct);

        var badMetadata = await client.CallExpectingErrorAsync("document_add", new() { ["text"] = "A fine text.", ["metadata"] = JsonDocument.Parse("[1]").RootElement }, ct);
        var emptyText = await client.CallExpectingErrorAsync("document_add", new() { ["text"] = "   " }, ct);
        var badNamespace = await client.CallExpectingErrorAsync("document_add", new() { ["text"] = "A fine text.", ["namespace"] = "Not Valid~docs" }, ct);
        var statsAfterErrors = await client.CallAsync("memory_stats", [], ct);
        var first = await client.CallAsync("document_add", new() { ["text"] = "The lighthouse keeper logs the weather at dawn.", ["source"] = "log.txt" }, ct);
        var second = await client.CallAsync("document_add", new() { ["text"] = "The lighthouse keeper logs the weather at dawn.", ["source"] = "log.txt" }, ct);
        var listed = await client.CallAsync("document_list", [], ct);

        Assert.Contains("'metadata' must be a JSON object", badMetadata, StringComparison.Ordinal);
        Assert.Contains("'text' is missing or empty", emptyText, StringComparison.Ordinal);
        Assert.Contains("not a valid namespace name", badNamespace, StringComparison.Ordinal);
        Assert.Empty(statsAfterErrors.GetProperty("namespaces").EnumerateArray());
        Assert.True(first.GetProperty("created").GetBoolean());
        Assert.False(second.GetProperty("created").GetBoolean());
        Assert.Equal(first.GetProperty("document").GetProperty("id").GetString(), second.GetProperty("document").GetProperty("id").GetString());
        Assert.Single(listed.GetProperty("documents").EnumerateArray());
    }

    [Fact]
    public async Task TwoServers_OnOneDirectory_AddingDocumentsAtOnce_LoseNothing()
    {
        var ct = TestTimeouts.Token();
        await using var first = await ServerProcess.StartStdioAsync(_temp.Path, cancellationToken: ct);
        await first.CallAsync("memory_stats", [], ct);
        await using var second = await ServerProcess.StartStdioAsync(_temp.Path, cancellationToken: ct);
        var clients = new[] { first, second };

        // Each server gets eight documents at once, and both also add the same shared document.
        var writes = Enumerable.Range(0, 16).Select(i => AddAsync(clients[i % 2], $"Report {i}", $"Report {i} is about the marker word zeta{i}. " + string.Join(' ', Enumerable.Repeat($"Paragraph filler for report {i}.", 60)), $"reports/{i}.txt", ct))
            .Concat(clients.Select(c => AddAsync(c, "Shared", "Both servers add this shared document at the same time.", "shared.txt", ct)))
            .ToList();
        var results = await Task.WhenAll(writes);

        var ids = results.Take(16).Select(r => r.Id).ToList();
        Assert.Equal(16, ids.Distinct().Count());
        Assert.Equal(results[16].Id, results[17].Id);
        Assert.Equal(1, results.Skip(16).Count(r => r.Created));
        foreach (var client in clients)
        {
            var list = await client.CallAsync("document_list", new() { ["limit"] = 100 }, ct);
            Assert.Equal(ids.Append(results[16].Id).Order(), list.GetProperty("documents").EnumerateArray().Select(d => d.GetProperty("id").GetString()!).Order());
            for (var i = 0; i < 16; i += 5)
            {
                var hit = await client.CallAsync("document_search", new() { ["query"] = $"zeta{i}", ["mode"] = "keyword", ["k"] = 1 }, ct);
                Assert.Equal(ids[i], hit.GetProperty("hits")[0].GetProperty("document_id").GetString());
            }

            var got = await client.CallAsync("document_get", new() { ["document_id"] = ids[3] }, ct);
            Assert.StartsWith("Report 3 is about", got.GetProperty("content").GetProperty("text").GetString(), StringComparison.Ordinal);
        }

        var roles = new List<string>();
        foreach (var client in clients)
        {
            roles.Add((await client.CallAsync("memory_stats", [], ct)).GetProperty("role").GetString()!);
        }

        Assert.Equal(["forwarder", "owner"], roles.Order());
    }

    private static async Task<(string Id, bool Created)> AddAsync(McpClient client, string title, string text, string source, CancellationToken ct)
    {
        var result = await client.CallAsync("document_add", new() { ["text"] = text, ["title"] = title, ["source"] = source }, ct);
        return (result.GetProperty("document").GetProperty("id").GetString()!, result.GetProperty("created").GetBoolean());
    }

    // Progress<T> posts to the thread pool; this one records at once, in order.
    private sealed class SyncProgress(List<ModelContextProtocol.ProgressNotificationValue> values, Dictionary<float, TaskCompletionSource>? reached = null) : IProgress<ModelContextProtocol.ProgressNotificationValue>
    {
        public void Report(ModelContextProtocol.ProgressNotificationValue value)
        {
            lock (values)
            {
                values.Add(value);
                if (reached is not null)
                {
                    if (!reached.TryGetValue(value.Progress, out var signal))
                    {
                        reached[value.Progress] = signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    }

                    signal.TrySetResult();
                }
            }
        }
    }
}
