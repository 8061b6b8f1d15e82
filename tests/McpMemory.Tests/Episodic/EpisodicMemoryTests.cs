using System.Text.Json;
using McpMemory.Core;
using McpMemory.Core.Episodic;
using McpMemory.Core.Identity;
using McpMemory.Storage.Arrow;
using McpMemory.Tests.Storage;
using McpMemory.Tests.Support;
using Microsoft.Extensions.Options;

namespace McpMemory.Tests.Episodic;

public sealed class EpisodicMemoryTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new();
    private ArrowEpisodeStore _store = null!;
    private EpisodicMemory _memory = null!;
    private MemoryPrincipal _alice = null!;

    public async ValueTask InitializeAsync()
    {
        _store = await StoreFactory.OpenAsync(_temp.Path);
        var options = Options.Create(new McpMemoryOptions { DataDirectory = _temp.Path, Limits = new EpisodeLimits { MaxBatchSize = 3, MaxTextBytes = 64 } });
        _memory = new EpisodicMemory(_store, options);
        _alice = new MemoryPrincipal("alice", new PrincipalOptions { DefaultNamespace = "alice", Namespaces = ["team"], ReadOnlyNamespaces = ["public"] });
    }

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        _temp.Dispose();
    }

    [Theory]
    [InlineData(null, "episodes[1].text")]
    [InlineData("   ", "episodes[1].text")]
    public async Task AddAsync_MissingText_NamesTheFieldAndStoresNothing(string? text, string field)
    {
        var error = await Assert.ThrowsAsync<McpMemoryException>(() => _memory.AddAsync(_alice, null, [new EpisodeInput { Text = "fine" }, new EpisodeInput { Text = text }], cancellationToken: TestTimeouts.Token()));

        Assert.Equal(McpMemoryErrorCodes.InvalidArgument, error.Code);
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
        Assert.Empty((await _store.GetStatsAsync(TestTimeouts.Token())).Namespaces);
    }

    [Fact]
    public async Task AddAsync_TextOverTheLimit_NamesFieldAndLimit()
    {
        var error = await Assert.ThrowsAsync<McpMemoryException>(() => _memory.AddAsync(_alice, null, [new EpisodeInput { Text = new string('x', 65) }], cancellationToken: TestTimeouts.Token()));

        Assert.Contains("episodes[0].text", error.Message, StringComparison.Ordinal);
        Assert.Contains("64", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddAsync_BatchOverTheLimit_NamesTheLimit()
    {
        var batch = Enumerable.Range(0, 4).Select(i => new EpisodeInput { Text = $"t{i}" }).ToList();

        var error = await Assert.ThrowsAsync<McpMemoryException>(() => _memory.AddAsync(_alice, null, batch, cancellationToken: TestTimeouts.Token()));

        Assert.Contains("4 records", error.Message, StringComparison.Ordinal);
        Assert.Contains("limit is 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddAsync_MalformedTimestampOrMetadata_NamesTheField()
    {
        var time = await Assert.ThrowsAsync<McpMemoryException>(() => _memory.AddAsync(_alice, null, [new EpisodeInput { Text = "a", Timestamp = "last tuesday" }], cancellationToken: TestTimeouts.Token()));
        var meta = await Assert.ThrowsAsync<McpMemoryException>(() => _memory.AddAsync(_alice, null, [new EpisodeInput { Text = "a", Metadata = JsonSerializer.SerializeToElement(new[] { 1, 2 }) }], cancellationToken: TestTimeouts.Token()));

        Assert.Contains("episodes[0].timestamp", time.Message, StringComparison.Ordinal);
        Assert.Contains("episodes[0].metadata", meta.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Namespaces_DefaultAllowedAndReadOnly_AreEnforced()
    {
        var (ns, _) = await _memory.AddAsync(_alice, null, [new EpisodeInput { Text = "mine" }], cancellationToken: TestTimeouts.Token());
        var (team, _) = await _memory.AddAsync(_alice, "team", [new EpisodeInput { Text = "ours" }], cancellationToken: TestTimeouts.Token());
        var write = await Assert.ThrowsAsync<McpMemoryException>(() => _memory.AddAsync(_alice, "public", [new EpisodeInput { Text = "x" }], cancellationToken: TestTimeouts.Token()));
        var (read, hits) = await _memory.SearchAsync(_alice, "public", new EpisodeSearchQuery { Text = "x" }, TestTimeouts.Token());
        var other = await Assert.ThrowsAsync<McpMemoryException>(() => _memory.SearchAsync(_alice, "bob", new EpisodeSearchQuery { Text = "x" }, TestTimeouts.Token()));
        var invalid = await Assert.ThrowsAsync<McpMemoryException>(() => _memory.SearchAsync(_alice, "Bad Name!", new EpisodeSearchQuery { Text = "x" }, TestTimeouts.Token()));

        Assert.Equal("alice", ns);
        Assert.Equal("team", team);
        Assert.Equal(McpMemoryErrorCodes.NamespaceDenied, write.Code);
        Assert.Contains("may not write to namespace 'public'", write.Message, StringComparison.Ordinal);
        Assert.Equal("public", read);
        Assert.Empty(hits);
        Assert.Equal(McpMemoryErrorCodes.NamespaceDenied, other.Code);
        Assert.Equal(McpMemoryErrorCodes.InvalidArgument, invalid.Code);
    }

    [Fact]
    public void CreateFilter_FromAfterTo_IsRejectedWithBothFieldNames()
    {
        var error = Assert.Throws<McpMemoryException>(() => EpisodicMemory.CreateFilter(null, null, null, "2024-05-02", "2024-05-01"));

        Assert.Contains("'from'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'to'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAsync_CursorRoundTrips_AndForeignCursorIsRejected()
    {
        for (var i = 0; i < 3; i++)
        {
            await _memory.AddAsync(_alice, null, [new EpisodeInput { Text = $"n{i}", Timestamp = $"2024-01-0{i + 1}" }], cancellationToken: TestTimeouts.Token());
        }

        var (_, first, cursor) = await _memory.ListAsync(_alice, null, EpisodeFilter.None, null, 2, false, TestTimeouts.Token());
        var (_, second, end) = await _memory.ListAsync(_alice, null, EpisodeFilter.None, cursor, 2, false, TestTimeouts.Token());
        var error = await Assert.ThrowsAsync<McpMemoryException>(() => _memory.ListAsync(_alice, null, EpisodeFilter.None, "not-a-cursor", 2, false, TestTimeouts.Token()));

        Assert.Equal(["n0", "n1"], first.Items.Select(e => e.Text));
        Assert.Equal(["n2"], second.Items.Select(e => e.Text));
        Assert.Null(end);
        Assert.Contains("'cursor'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchAsync_KOutOfRange_IsRejected()
    {
        var error = await Assert.ThrowsAsync<McpMemoryException>(() => _memory.SearchAsync(_alice, null, new EpisodeSearchQuery { Text = "x", K = 0 }, TestTimeouts.Token()));

        Assert.Contains("'k'", error.Message, StringComparison.Ordinal);
    }
}
