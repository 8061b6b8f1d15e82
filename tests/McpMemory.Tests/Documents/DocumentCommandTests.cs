using McpMemory.Tests.Support;

namespace McpMemory.Tests.Documents;

/// <summary><c>mcp-memory document add</c> as a process, beside a real server on the same data directory.</summary>
public sealed class DocumentCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task CliDocumentAdd_FolderBesideARunningServer_AddsEveryTextFileOnceAndABadFileStoresNothing()
    {
        var ct = TestTimeouts.Token();
        var folder = _temp.Combine("notes");
        Directory.CreateDirectory(Path.Combine(folder, "deep", "deeper"));
        Directory.CreateDirectory(Path.Combine(folder, ".git"));
        await File.WriteAllTextAsync(Path.Combine(folder, "a.md"), "# Alpha\n\nThe alpha file talks about otters.\n", ct);
        await File.WriteAllTextAsync(Path.Combine(folder, "deep", "b.txt"), "Beta is about badgers.", ct);
        await File.WriteAllTextAsync(Path.Combine(folder, "deep", "deeper", "c.markdown"), "Gamma\n=====\n\nGamma covers cormorants.\n", ct);
        await File.WriteAllTextAsync(Path.Combine(folder, "deep", "image.png"), "not a document", ct);
        await File.WriteAllTextAsync(Path.Combine(folder, ".git", "d.md"), "hidden", ct);
        var data = _temp.Combine("data");
        await using var server = await ServerProcess.StartStdioAsync(data, cancellationToken: ct);
        await server.CallAsync("memory_stats", [], ct); // the server owns the directory; the command forwards to it

        var first = await ServerProcess.RunAsync(["document", "add", folder, "--data-dir", data, "--metadata", """{"batch":1}"""], cancellationToken: ct);
        var again = await ServerProcess.RunAsync(["document", "add", folder, "--data-dir", data], cancellationToken: ct);
        var bad = _temp.Combine("bad");
        Directory.CreateDirectory(bad);
        await File.WriteAllTextAsync(Path.Combine(bad, "fine.md"), "# Fine\n\nThis one is fine.\n", ct);
        await File.WriteAllBytesAsync(Path.Combine(bad, "latin1.txt"), [0x43, 0x61, 0x66, 0xE9, 0x20, 0x6E, 0x6F, 0x69, 0x72], ct);
        var refused = await ServerProcess.RunAsync(["document", "add", bad, "--data-dir", data], cancellationToken: ct);
        var list = await server.CallAsync("document_list", [], ct);
        var otters = await server.CallAsync("document_search", new() { ["query"] = "otters", ["mode"] = "keyword" }, ct);

        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Contains("Added 3 documents", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("document add", first.Stderr, StringComparison.Ordinal);
        Assert.Contains("Added 0 documents (0 chunks) to namespace 'default'", again.Stdout, StringComparison.Ordinal);
        Assert.Contains("3 were there already", again.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("latin1.txt' is not UTF-8", refused.Stderr, StringComparison.Ordinal);
        var documents = list.GetProperty("documents").EnumerateArray().ToList();
        Assert.Equal(
            new[] { "a.md", Path.Combine("deep", "b.txt"), Path.Combine("deep", "deeper", "c.markdown") },
            documents.Select(d => Path.GetRelativePath(folder, d.GetProperty("source").GetString()!)));
        Assert.Equal(["Alpha", "b", "Gamma"], documents.Select(d => d.GetProperty("title").GetString()));
        Assert.All(documents, d => Assert.Equal(1, d.GetProperty("metadata").GetProperty("batch").GetInt32()));
        Assert.Equal(Path.Combine(folder, "a.md"), otters.GetProperty("hits")[0].GetProperty("source").GetString());
    }

    [Fact]
    public async Task Reindex_NamespaceWithOnlyDocuments_MovesTheDocumentsToTheNewModel()
    {
        var ct = TestTimeouts.Token();
        var data = _temp.Combine("data");
        var file = _temp.Combine("kayak.md");
        await File.WriteAllTextAsync(file, "# Kayaking\n\nWe paddled across the lake at dawn and saw a heron.\n", ct);
        var added = await ServerProcess.RunAsync(["document", "add", file, "--data-dir", data], cancellationToken: ct);

        var reindex = await ServerProcess.RunAsync(["reindex", "--data-dir", data, "--embedding-model", "minilm"], cancellationToken: ct);
        var stats = await ServerProcess.RunAsync(["stats", "--data-dir", data, "--embedding-model", "minilm"], cancellationToken: ct);
        var search = await ServerProcess.RunAsync(["document", "search", "boat trip on a lake", "--mode", "dense", "--k", "1", "--data-dir", data, "--embedding-model", "minilm"], cancellationToken: ct);

        Assert.True(added.ExitCode == 0, added.Stderr);
        Assert.True(reindex.ExitCode == 0, reindex.Stderr);
        Assert.Contains("Documents of namespace 'default' moved from snowflake-arctic-embed-xs to all-MiniLM-L6-v2", reindex.Stdout, StringComparison.Ordinal);
        var entry = System.Text.Json.JsonDocument.Parse(stats.Stdout).RootElement.GetProperty("namespaces")[0];
        Assert.Equal(("documents", "all-MiniLM-L6-v2"), (entry.GetProperty("kind").GetString(), entry.GetProperty("embedding_model").GetString()));
        Assert.True(search.ExitCode == 0, search.Stderr);
        Assert.Contains("We paddled across the lake", search.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BackupAndRestore_DataDirectoryWithDocuments_BringsTheDocumentsBack()
    {
        var ct = TestTimeouts.Token();
        var data = _temp.Combine("data");
        var file = _temp.Combine("heron.md");
        await File.WriteAllTextAsync(file, "# Herons\n\nThe grey heron stands still in shallow water for minutes before it strikes.\n", ct);
        Assert.Equal(0, (await ServerProcess.RunAsync(["document", "add", file, "--data-dir", data], cancellationToken: ct)).ExitCode);

        var backup = await ServerProcess.RunAsync(["backup", _temp.Combine("backup"), "--data-dir", data], cancellationToken: ct);
        var restore = await ServerProcess.RunAsync(["restore", _temp.Combine("backup"), "--data-dir", _temp.Combine("restored")], cancellationToken: ct);
        await using var client = await ServerProcess.StartStdioAsync(_temp.Combine("restored"), cancellationToken: ct);
        var found = await client.CallAsync("document_search", new() { ["query"] = "bird waiting in the water", ["mode"] = "dense", ["wait_for_embeddings"] = true }, ct);

        Assert.True(backup.ExitCode == 0, backup.Stderr);
        Assert.True(restore.ExitCode == 0, restore.Stderr);
        var hit = found.GetProperty("hits")[0];
        Assert.Equal(file, hit.GetProperty("source").GetString());
        Assert.Equal("Herons", hit.GetProperty("title").GetString());
    }
}
