using McpMemory.Tests.Support;

namespace McpMemory.Tests.Durability;

/// <summary>The storage format marker: released formats open, unknown ones are refused clearly and left untouched.</summary>
public sealed class StorageFormatTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    // Data/format-v1 was written by the first release (commit a28a122): its demo, then an ingest with no server running.
    [Fact]
    public async Task FormatV1_WrittenByTheFirstRelease_OpensAnswersAndTakesWrites()
    {
        var ct = TestTimeouts.Token();
        CopyDirectory(Path.Combine(AppContext.BaseDirectory, "Data", "format-v1"), _temp.Path);

        await using var server = await ServerProcess.StartStdioAsync(_temp.Path, cancellationToken: ct);
        var listed = await server.CallAsync("episode_list", [], ct);
        var found = await server.CallAsync("episode_search", new() { ["query"] = "Which pet did Maya adopt?", ["k"] = 1, ["wait_for_embeddings"] = true }, ct);
        var pending = await server.CallAsync("episode_search", new() { ["query"] = "quokka", ["mode"] = "keyword", ["k"] = 1 }, ct);
        var added = await server.CallAsync("episode_add", new() { ["text"] = "written by this build into a format 1 directory" }, ct);
        var stats = await server.CallAsync("memory_stats", [], ct);

        Assert.Equal(FixtureRecords, listed.GetProperty("episodes").GetArrayLength());
        Assert.Contains("kitten", found.GetProperty("hits")[0].GetProperty("episode").GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("quokka", pending.GetProperty("hits")[0].GetProperty("episode").GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(FixtureRecords + 1, stats.GetProperty("namespaces")[0].GetProperty("episodes").GetInt32());
        Assert.Equal(1, stats.GetProperty("format_version").GetInt32());
        Assert.NotEmpty(added.GetProperty("ids").EnumerateArray());
    }

    [Theory]
    [InlineData(99, "newer mcp-memory")]
    [InlineData(0, "which no mcp-memory release wrote")]
    public async Task UnknownFormat_IsRefusedWithAClearMessage_AndLeftUntouched(int version, string expected)
    {
        var marker = _temp.Combine("FORMAT.json");
        var content = $$"""{"format":"mcp-memory","version":{{version}}}""";
        await File.WriteAllTextAsync(marker, content, TestContext.Current.CancellationToken);

        var (code, _, stderr) = await ServerProcess.RunAsync(["stats", "--data-dir", _temp.Path], cancellationToken: TestTimeouts.Token());

        Assert.NotEqual(0, code);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
        Assert.Contains("left untouched", stderr, StringComparison.Ordinal);
        Assert.Equal(content, await File.ReadAllTextAsync(marker, TestContext.Current.CancellationToken));
        Assert.False(Directory.Exists(_temp.Combine("namespaces")));
    }

    [Fact]
    public async Task NamespaceOfANewerFormat_IsRefusedClearly()
    {
        var ct = TestTimeouts.Token();
        CopyDirectory(Path.Combine(AppContext.BaseDirectory, "Data", "format-v1"), _temp.Path);
        var manifest = Directory.GetFiles(_temp.Combine("namespaces"), "manifest.json", SearchOption.AllDirectories).Single();
        var text = await File.ReadAllTextAsync(manifest, ct);
        await File.WriteAllTextAsync(manifest, text.Replace("\"format_version\":1", "\"format_version\":7", StringComparison.Ordinal), ct);

        var (code, _, stderr) = await ServerProcess.RunAsync(["stats", "--data-dir", _temp.Path], cancellationToken: ct);

        Assert.NotEqual(0, code);
        Assert.Contains("written by a newer mcp-memory (format 7)", stderr, StringComparison.Ordinal);
    }

    private const int FixtureRecords = 28; // the demo conversation (in a segment) and three records still in the log

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
