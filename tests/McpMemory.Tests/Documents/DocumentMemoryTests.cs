using System.Text.Json;
using McpMemory.Core;
using McpMemory.Core.Documents;
using McpMemory.Core.Episodic;
using McpMemory.Core.Identity;
using McpMemory.Core.Storage;
using McpMemory.Storage.Arrow;
using McpMemory.Tests.Storage;
using McpMemory.Tests.Support;
using Microsoft.Extensions.Options;

namespace McpMemory.Tests.Documents;

public sealed class DocumentMemoryTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new();
    private ArrowEpisodeStore _store = null!;
    private DocumentMemory _documents = null!;
    private EpisodicMemory _episodes = null!;
    private MemoryPrincipal _alice = null!;
    private string _guide = null!;

    public async ValueTask InitializeAsync()
    {
        _store = await StoreFactory.OpenAsync(_temp.Path);
        var options = Options.Create(new McpMemoryOptions { DataDirectory = _temp.Path, Limits = new EpisodeLimits { MaxDocumentBytes = 64 * 1024 } });
        _documents = new DocumentMemory(_store, DocumentChunker.For(SharedEmbedder.ArcticXs), options);
        _episodes = new EpisodicMemory(_store, options);
        _alice = new MemoryPrincipal("alice", new PrincipalOptions { DefaultNamespace = "alice", ReadOnlyNamespaces = ["public"] });
        _guide = await File.ReadAllTextAsync(Path.Combine(RetrievalTestSet.Folder, "travel-policy.md"));
    }

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task AddAsync_MarkdownGuide_StoresChunksWhoseOffsetsCiteTheExactText()
    {
        var (ns, outcome) = await AddAsync(_guide, source: "policies/travel.md");
        var (_, hits) = await _documents.SearchAsync(_alice, null, new DocumentSearchQuery { Text = "mileage allowance private car", K = 5, Mode = SearchMode.Keyword }, TestTimeouts.Token());

        Assert.Equal("alice", ns);
        Assert.True(outcome.Created);
        Assert.Equal("Northwind Labs Travel and Expense Policy", outcome.Document.Title);
        Assert.Equal(DocumentFormat.Markdown, outcome.Document.Format);
        Assert.Equal(_guide.Length, outcome.Document.Length);
        Assert.True(outcome.Document.ChunkCount >= 5);
        var top = hits[0].Chunk;
        Assert.Contains("0.30 EUR per kilometre", top.Text, StringComparison.Ordinal);
        Assert.Equal(_guide[top.Start..top.End], top.Text);
        Assert.Equal(outcome.Document.Id + ":" + top.Index, top.Id);
        Assert.Equal(["Northwind Labs Travel and Expense Policy", "Before you travel"], top.HeadingPath.Take(2));
        var lastHeading = top.HeadingPath[^1];
        var headingAt = _guide.IndexOf("### " + lastHeading + "\n", StringComparison.Ordinal);
        Assert.InRange(headingAt, 0, top.Start); // the path names the section the chunk starts in
        Assert.Equal("policies/travel.md", top.Source);
        Assert.All(hits, h => Assert.Equal(_guide[h.Chunk.Start..h.Chunk.End], h.Chunk.Text));
    }

    [Fact]
    public async Task AddAsync_Chunks_AreTheTurnsOfTheDocumentsConversationInIndexOrder()
    {
        var (_, outcome) = await AddAsync(_guide);
        var id = outcome.Document.Id;

        var around = await _store.GetSurroundingAsync(CompanionNamespace.Documents.For("alice"), id + ":3", 2, 2, TestTimeouts.Token());
        var first = await _store.GetSurroundingAsync(CompanionNamespace.Documents.For("alice"), id + ":0", 1, 1, TestTimeouts.Token());

        Assert.Equal([id + ":1", id + ":2", id + ":3", id + ":4", id + ":5"], around.Select(e => e.Id));
        Assert.All(around, e => Assert.Equal(id, e.ConversationId));
        Assert.Equal([id + ":0", id + ":1"], first.Select(e => e.Id));
    }

    [Fact]
    public async Task AddAsync_SameTextFromTheSameSourceAgain_ChangesNothingAndNamesTheFirstDocument()
    {
        var (_, first) = await AddAsync(_guide, source: "travel.md");
        var before = await ChunkCountAsync();

        var (_, again) = await AddAsync(_guide, source: "travel.md", title: "Another title");
        var (_, elsewhere) = await AddAsync(_guide, source: "copy/travel.md");

        Assert.False(again.Created);
        Assert.Equal(first.Document.Id, again.Document.Id);
        Assert.Equal(first.Document.Title, again.Document.Title);
        Assert.True(elsewhere.Created);
        Assert.NotEqual(first.Document.Id, elsewhere.Document.Id);
        Assert.Equal(before * 2, await ChunkCountAsync());
    }

    [Theory]
    [InlineData("", null, null, null, "'text' is missing or empty")]
    [InlineData("fine text", "[1,2]", null, null, "'metadata' must be a JSON object, not array")]
    [InlineData("fine text", null, "docx", null, "'format' value 'docx' is unknown")]
    [InlineData("fine text", null, null, 600, "'title' is 600 characters; the limit is 512")]
    [InlineData(null, null, null, null, "'text' is 65537 bytes; the limit is 65536")]
    public async Task AddAsync_BadInput_NamesTheFieldAndWritesNothing(string? text, string? metadata, string? format, int? titleLength, string expected)
    {
        var input = new DocumentInput
        {
            Text = text ?? new string('x', 64 * 1024 + 1),
            Metadata = metadata is null ? null : JsonDocument.Parse(metadata).RootElement,
            Format = format,
            Title = titleLength is { } length ? new string('t', length) : null,
        };

        var error = await Assert.ThrowsAsync<McpMemoryException>(() => _documents.AddAsync(_alice, null, input, cancellationToken: TestTimeouts.Token()));

        Assert.Equal(McpMemoryErrorCodes.InvalidArgument, error.Code);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Empty((await _store.GetStatsAsync(TestTimeouts.Token())).Namespaces);
    }

    [Fact]
    public async Task AddAsync_NamespaceNotAllowed_IsDeniedAndWritesNothing()
    {
        var error = await Assert.ThrowsAsync<McpMemoryException>(() => _documents.AddAsync(_alice, "public", new DocumentInput { Text = "a note" }, cancellationToken: TestTimeouts.Token()));

        Assert.Equal(McpMemoryErrorCodes.NamespaceDenied, error.Code);
        Assert.Empty((await _store.GetStatsAsync(TestTimeouts.Token())).Namespaces);
    }

    [Fact]
    public async Task SearchAsync_SourceFilter_FindsTheMatchingDocumentBeyondTheFirstCandidates()
    {
        // 120 documents rank above the one wanted; the filter must still find it, and only it.
        for (var i = 0; i < 120; i++)
        {
            await AddAsync($"Kernel latency report {i}: kernel latency kernel latency rose on host {i}.", source: $"reports/{i}.txt");
        }

        var (_, wanted) = await AddAsync("A note that mentions kernel latency once, among other things about gardening and tomatoes.", source: "notes/garden.txt");

        var (_, unfiltered) = await _documents.SearchAsync(_alice, null, new DocumentSearchQuery { Text = "kernel latency", K = 10, Mode = SearchMode.Keyword }, TestTimeouts.Token());
        var (_, exact) = await _documents.SearchAsync(_alice, null, new DocumentSearchQuery { Text = "kernel latency", K = 10, Mode = SearchMode.Keyword, Source = "notes/garden.txt" }, TestTimeouts.Token());
        var (_, prefix) = await _documents.SearchAsync(_alice, null, new DocumentSearchQuery { Text = "kernel latency", K = 200, Mode = SearchMode.Keyword, Source = "reports/1*" }, TestTimeouts.Token());

        Assert.DoesNotContain(unfiltered, h => h.Chunk.DocumentId == wanted.Document.Id);
        Assert.Equal(wanted.Document.Id, Assert.Single(exact).Chunk.DocumentId);
        Assert.Equal(31, prefix.Count); // reports/1, 10-19 and 100-119
        Assert.All(prefix, h => Assert.StartsWith("reports/1", h.Chunk.Source, StringComparison.Ordinal));
    }

    [Fact]
    public async Task SearchAsync_MetadataAndDocumentFilters_KeepOnlyMatchingDocuments()
    {
        var (_, infra) = await AddAsync("Rotate the database credentials every ninety days.", metadata: """{"team":"infra","year":2024,"tags":["db","security"]}""");
        var (_, web) = await AddAsync("Rotate the CDN certificates before they expire.", metadata: """{"team":"web","year":2024}""");
        await AddAsync("Rotate the on-call schedule weekly.");

        async Task<List<string>> SearchAsync(string? metadata = null, string? documentId = null)
        {
            var query = new DocumentSearchQuery { Text = "rotate", K = 10, Mode = SearchMode.Keyword, Metadata = metadata is null ? null : JsonDocument.Parse(metadata).RootElement, DocumentId = documentId };
            var (_, hits) = await _documents.SearchAsync(_alice, null, query, TestTimeouts.Token());
            return hits.Select(h => h.Chunk.DocumentId).ToList();
        }

        Assert.Equal(3, (await SearchAsync()).Count);
        Assert.Equal([infra.Document.Id], await SearchAsync("""{"team":"infra"}"""));
        Assert.Equal([infra.Document.Id], await SearchAsync("""{"tags":["db","security"],"year":2024}"""));
        Assert.Empty(await SearchAsync("""{"tags":["security","db"]}"""));
        Assert.Equal(2, (await SearchAsync("""{"year":2024}""")).Count);
        Assert.Empty(await SearchAsync("""{"team":"infra","year":2023}"""));
        Assert.Equal([web.Document.Id], await SearchAsync(documentId: web.Document.Id));
    }

    [Fact]
    public async Task SearchAsync_Expand_JoinsTheNeighboursIntoOnePassageOfTheExactText()
    {
        var (_, outcome) = await AddAsync(_guide);
        var (_, hits) = await _documents.SearchAsync(_alice, null, new DocumentSearchQuery { Text = "nightly hotel limits per city", K = 3, Mode = SearchMode.Keyword, Expand = 1 }, TestTimeouts.Token());

        Assert.NotEmpty(hits);
        foreach (var hit in hits)
        {
            var passage = hit.Passage!;
            Assert.Equal(Math.Max(0, hit.Chunk.Index - 1), passage.FirstChunk);
            Assert.Equal(Math.Min(outcome.Document.ChunkCount - 1, hit.Chunk.Index + 1), passage.LastChunk);
            Assert.Equal(_guide[passage.Start..passage.End], passage.Text);
            Assert.True(passage.Start <= hit.Chunk.Start && passage.End >= hit.Chunk.End);
        }
    }

    [Fact]
    public async Task GetAsync_SmallPages_RebuildTheWholeTextThroughTheCursor()
    {
        var (_, outcome) = await AddAsync(_guide);
        var pages = new List<DocumentText>();
        string? cursor = null;
        do
        {
            var (_, page) = await _documents.GetAsync(_alice, null, outcome.Document.Id, maxChars: 1_500, cursor: cursor, cancellationToken: TestTimeouts.Token());
            pages.Add(page);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        var (_, whole) = await _documents.GetAsync(_alice, null, outcome.Document.Id, maxChars: 1_000_000, cancellationToken: TestTimeouts.Token());

        Assert.True(pages.Count >= 3);
        Assert.Equal(_guide, string.Concat(pages.Select(p => p.Passage.Text)));
        Assert.Equal(_guide, whole.Passage.Text);
        Assert.Null(whole.NextCursor);
        Assert.All(pages.Zip(pages.Skip(1)), pair => Assert.Equal(pair.First.Passage.End, pair.Second.Passage.Start));
    }

    [Fact]
    public async Task GetAsync_ChunkRange_ReturnsThoseChunksOnly()
    {
        var (_, outcome) = await AddAsync(_guide);
        var (_, hits) = await _documents.SearchAsync(_alice, null, new DocumentSearchQuery { Text = "frequent flyer miles", K = 1, Mode = SearchMode.Keyword }, TestTimeouts.Token());
        var index = hits[0].Chunk.Index;

        var (_, range) = await _documents.GetAsync(_alice, null, outcome.Document.Id, fromChunk: index, toChunk: index, cancellationToken: TestTimeouts.Token());
        var error = await Assert.ThrowsAsync<McpMemoryException>(() => _documents.GetAsync(_alice, null, outcome.Document.Id, fromChunk: 0, toChunk: outcome.Document.ChunkCount, cancellationToken: TestTimeouts.Token()));
        var missing = await Assert.ThrowsAsync<McpMemoryException>(() => _documents.GetAsync(_alice, null, "doc_nope", cancellationToken: TestTimeouts.Token()));

        Assert.Equal(hits[0].Chunk.Text, range.Passage.Text);
        Assert.Equal((index, index), (range.Passage.FirstChunk, range.Passage.LastChunk));
        Assert.Null(range.NextCursor);
        Assert.Contains("'to_chunk'", error.Message, StringComparison.Ordinal);
        Assert.Equal(McpMemoryErrorCodes.NotFound, missing.Code);
    }

    [Fact]
    public async Task ListAsync_Pages_ListEveryDocumentOnceAndFilterBySource()
    {
        var added = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var (_, outcome) = await AddAsync($"Document number {i} is short.", source: i % 2 == 0 ? $"even/{i}.txt" : $"odd/{i}.txt");
            added.Add(outcome.Document.Id);
        }

        var listed = new List<string>();
        string? cursor = null;
        do
        {
            var (_, page, next) = await _documents.ListAsync(_alice, null, limit: 2, cursor: cursor, cancellationToken: TestTimeouts.Token());
            listed.AddRange(page.Select(d => d.Id));
            cursor = next;
        }
        while (cursor is not null);

        var (_, even, evenNext) = await _documents.ListAsync(_alice, null, source: "even/*", cancellationToken: TestTimeouts.Token());

        Assert.Equal(added, listed);
        Assert.Equal([added[0], added[2], added[4]], even.Select(d => d.Id));
        Assert.Null(evenNext);
    }

    [Fact]
    public async Task DeleteAsync_Document_RemovesEveryChunkAndAddingItAgainStoresItAnew()
    {
        var (_, outcome) = await AddAsync(_guide, source: "travel.md");

        var (_, deleted, missing, chunks) = await _documents.DeleteAsync(_alice, null, [outcome.Document.Id, "doc_unknown"], TestTimeouts.Token());
        var (_, hits) = await _documents.SearchAsync(_alice, null, new DocumentSearchQuery { Text = "hotel", Mode = SearchMode.Keyword }, TestTimeouts.Token());
        var (_, again) = await AddAsync(_guide, source: "travel.md");

        Assert.Equal([outcome.Document.Id], deleted);
        Assert.Equal(["doc_unknown"], missing);
        Assert.Equal(outcome.Document.ChunkCount, chunks);
        Assert.Empty(hits);
        Assert.True(again.Created);
        Assert.NotEqual(outcome.Document.Id, again.Document.Id);
    }

    [Fact]
    public async Task Documents_BesideEpisodes_StayOutOfEpisodeToolsAndAreCountedAsDocuments()
    {
        await _episodes.AddAsync(_alice, null, [new EpisodeInput { Text = "an episode about hotels" }], cancellationToken: TestTimeouts.Token());
        var (_, outcome) = await AddAsync(_guide);

        var (_, episodes) = await _episodes.SearchAsync(_alice, null, new EpisodeSearchQuery { Text = "hotel", Mode = SearchMode.Keyword }, TestTimeouts.Token());
        var (_, page, _) = await _episodes.ListAsync(_alice, null, EpisodeFilter.None, null, 100, false, TestTimeouts.Token());
        var hidden = await Assert.ThrowsAsync<McpMemoryException>(() => _episodes.ListAsync(_alice, CompanionNamespace.Documents.For("alice"), EpisodeFilter.None, null, 100, false, TestTimeouts.Token()));
        var stats = await _episodes.GetStatsAsync(_alice, TestTimeouts.Token());
        var bob = await _episodes.GetStatsAsync(new MemoryPrincipal("bob", new PrincipalOptions { DefaultNamespace = "bob" }), TestTimeouts.Token());

        Assert.Single(episodes);
        Assert.Single(page.Items);
        Assert.Equal(McpMemoryErrorCodes.InvalidArgument, hidden.Code);
        Assert.Equal([("alice", "episodes", 1L), ("alice", "documents", (long)outcome.Document.ChunkCount)], stats.Namespaces.Select(n => (n.Namespace, n.Kind, n.Episodes)));
        Assert.Empty(bob.Namespaces);
    }

    private Task<(string Namespace, DocumentAddOutcome Outcome)> AddAsync(string text, string? source = null, string? title = null, string? metadata = null) =>
        _documents.AddAsync(_alice, null, new DocumentInput { Text = text, Source = source, Title = title, Metadata = metadata is null ? null : JsonDocument.Parse(metadata).RootElement }, cancellationToken: TestTimeouts.Token());

    private async Task<long> ChunkCountAsync() =>
        (await _store.GetStatsAsync(TestTimeouts.Token())).Namespaces.Single(n => n.Namespace == CompanionNamespace.Documents.For("alice")).Episodes;
}
