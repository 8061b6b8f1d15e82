using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using McpMemory.Core;
using McpMemory.Core.Episodic;
using McpMemory.Embeddings.Onnx;
using McpMemory.Storage.Arrow;
using McpMemory.Tests.Support;

namespace McpMemory.Tests.Storage;

public sealed class ArrowEpisodeStoreTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task AddAsync_ThenKeywordSearch_FindsRecordBeforeItIsEmbedded()
    {
        await using var store = await StoreFactory.OpenAsync(_temp.Path);
        var episode = StoreFactory.Episode("The zeppelin museum opens on Thursday");

        await store.AddAsync("default", [episode], cancellationToken: TestTimeouts.Token());
        var hits = await store.SearchAsync("default", new EpisodeSearchQuery { Text = "zeppelin museum", Mode = SearchMode.Keyword }, TestTimeouts.Token());

        Assert.Equal(episode.Id, Assert.Single(hits).Episode.Id);
    }

    [Fact]
    public async Task SearchAsync_WaitForEmbeddings_DenseFindsAParaphrase()
    {
        await using var store = await StoreFactory.OpenAsync(_temp.Path);
        var pet = StoreFactory.Episode("We adopted a small grey kitten from the animal shelter last weekend");
        await store.AddAsync("default", [pet, StoreFactory.Episode("The quarterly tax report is due at the end of March"), StoreFactory.Episode("I repaired the bicycle's rear brake cable")], cancellationToken: TestTimeouts.Token());

        var hits = await store.SearchAsync("default", new EpisodeSearchQuery { Text = "getting a new cat as a pet", Mode = SearchMode.Dense, WaitForEmbeddings = true, K = 3 }, TestTimeouts.Token());

        Assert.Equal(pet.Id, hits[0].Episode.Id);
        Assert.Equal(1, hits[0].DenseRank);
        Assert.True(hits[0].DenseScore > hits[1].DenseScore);
    }

    [Fact]
    public async Task AddAsync_SameClientIdTwice_SecondIsANoOpReturningTheFirstId()
    {
        await using var store = await StoreFactory.OpenAsync(_temp.Path);
        var first = StoreFactory.Episode("hello", clientId: "c-1");
        var retry = StoreFactory.Episode("hello", clientId: "c-1");

        var a = await store.AddAsync("default", [first], cancellationToken: TestTimeouts.Token());
        var b = await store.AddAsync("default", [retry], cancellationToken: TestTimeouts.Token());

        Assert.True(a[0].Created);
        Assert.False(b[0].Created);
        Assert.Equal(first.Id, b[0].Id);
        Assert.Equal(1, (await store.GetStatsAsync(TestTimeouts.Token())).Namespaces.Single().Episodes);
    }

    [Fact]
    public async Task AddAsync_SameIdTwiceInOneBatch_StoresItOnce()
    {
        await using var store = await StoreFactory.OpenAsync(_temp.Path);
        var first = StoreFactory.Episode("the first copy of a record");
        var copy = first with { Text = "a second record that reuses the id" };

        var outcomes = await store.AddAsync("default", [first, copy], cancellationToken: TestTimeouts.Token());
        var got = await store.GetAsync("default", [first.Id], TestTimeouts.Token());

        Assert.Equal([true, false], outcomes.Select(o => o.Created));
        Assert.Equal("the first copy of a record", Assert.Single(got).Text);
        Assert.Equal(1, (await store.GetStatsAsync(TestTimeouts.Token())).Namespaces.Single().Episodes);
    }

    [Fact]
    public async Task DeleteAsync_ById_RecordIsGoneFromGetListAndSearch()
    {
        await using var store = await StoreFactory.OpenAsync(_temp.Path);
        var keep = StoreFactory.Episode("orange marmalade recipe", "c1");
        var drop = StoreFactory.Episode("orange juice spill", "c1");
        await store.AddAsync("default", [keep, drop], cancellationToken: TestTimeouts.Token());

        var deleted = await store.DeleteAsync("default", new EpisodeDeletion { Ids = [drop.Id] }, TestTimeouts.Token());

        Assert.Equal([drop.Id], deleted);
        Assert.Empty(await store.GetAsync("default", [drop.Id], TestTimeouts.Token()));
        var hits = await store.SearchAsync("default", new EpisodeSearchQuery { Text = "orange", WaitForEmbeddings = true }, TestTimeouts.Token());
        Assert.Equal([keep.Id], hits.Select(h => h.Episode.Id));
        var page = await store.ListAsync("default", new EpisodeListQuery(), TestTimeouts.Token());
        Assert.Equal([keep.Id], page.Items.Select(e => e.Id));
    }

    [Fact]
    public async Task DeleteAsync_ByConversation_RemovesOnlyThatConversation()
    {
        await using var store = await StoreFactory.OpenAsync(_temp.Path);
        var a = StoreFactory.Episode("one", "conv-a");
        var b = StoreFactory.Episode("two", "conv-b");
        await store.AddAsync("default", [a, b, StoreFactory.Episode("three", "conv-a")], cancellationToken: TestTimeouts.Token());

        var deleted = await store.DeleteAsync("default", new EpisodeDeletion { ConversationId = "conv-a" }, TestTimeouts.Token());

        Assert.Equal(2, deleted.Count);
        Assert.Equal([b.Id], (await store.ListAsync("default", new EpisodeListQuery(), TestTimeouts.Token())).Items.Select(e => e.Id));
    }

    [Fact]
    public async Task OpenAsync_CrashImageWithOnlyTheLog_RecoversEveryAcknowledgedRecord()
    {
        var live = _temp.Combine("live");
        var crashed = _temp.Combine("crashed");
        var episodes = Enumerable.Range(0, 50).Select(i => StoreFactory.Episode($"record number {i} about walrus{i}", "c")).ToList();
        await using (var store = await StoreFactory.OpenAsync(live))
        {
            await store.AddAsync("default", episodes, cancellationToken: TestTimeouts.Token());
            StoreFactory.CopyCrashImage(live, crashed);
        }

        await using var recovered = await StoreFactory.OpenAsync(crashed);

        var got = await recovered.GetAsync("default", episodes.Select(e => e.Id).ToList(), TestTimeouts.Token());
        Assert.Equal(episodes.Select(e => e.Id), got.Select(e => e.Id));
        var hit = await recovered.SearchAsync("default", new EpisodeSearchQuery { Text = "walrus37", Mode = SearchMode.Keyword }, TestTimeouts.Token());
        Assert.Equal(episodes[37].Id, Assert.Single(hit).Episode.Id);
    }

    [Fact]
    public async Task OpenAsync_TornLogTail_KeepsAcknowledgedRecordsAndAcceptsNewWrites()
    {
        var live = _temp.Combine("live");
        var crashed = _temp.Combine("crashed");
        var first = StoreFactory.Episode("acknowledged before the crash");
        await using (var store = await StoreFactory.OpenAsync(live))
        {
            await store.AddAsync("default", [first], cancellationToken: TestTimeouts.Token());
            StoreFactory.CopyCrashImage(live, crashed);
        }

        var wal = Directory.GetFiles(Path.Combine(crashed, "namespaces", "default", "wal"), "*.wal").Single();
        await File.AppendAllTextAsync(wal, "\u0040\u0000\u0000\u0000garbage-half-written-frame", TestContext.Current.CancellationToken);

        var second = StoreFactory.Episode("written after recovery");
        await using (var recovered = await StoreFactory.OpenAsync(crashed))
        {
            Assert.Single(await recovered.GetAsync("default", [first.Id], TestTimeouts.Token()));
            await recovered.AddAsync("default", [second], cancellationToken: TestTimeouts.Token());
        }

        await using var again = await StoreFactory.OpenAsync(crashed);
        Assert.Equal(2, (await again.GetAsync("default", [first.Id, second.Id], TestTimeouts.Token())).Count);
    }

    [Fact]
    public async Task EmbeddingFailure_OnOneRecord_SetsItAsideAndItsLogSurvivesCheckpointAndCrash()
    {
        var live = _temp.Combine("live");
        var crashed = _temp.Combine("crashed");
        var embedded = StoreFactory.Episode("an embedded record about otters");
        var held = StoreFactory.Episode("a record the model cannot embed yet [hold]");
        var after = StoreFactory.Episode("a record written after it about walruses");
        using var holding = new HoldingEmbedder(SharedEmbedder.ArcticXs);
        await using (var store = await StoreFactory.OpenAsync(live, embedder: holding))
        {
            await store.AddAsync("default", [embedded], cancellationToken: TestTimeouts.Token());
            await store.SearchAsync("default", new EpisodeSearchQuery { Text = "otters", WaitForEmbeddings = true }, TestTimeouts.Token());
            await store.AddAsync("default", [held, after], cancellationToken: TestTimeouts.Token());

            // The record the model fails on is set aside; the one after it is still embedded, and waiting searches end.
            var hits = await store.SearchAsync("default", new EpisodeSearchQuery { Text = "walruses", Mode = SearchMode.Dense, WaitForEmbeddings = true, K = 1 }, TestTimeouts.Token());
            Assert.Equal(after.Id, hits.Single().Episode.Id);
            var keyword = await store.SearchAsync("default", new EpisodeSearchQuery { Text = "cannot embed", Mode = SearchMode.Keyword }, TestTimeouts.Token());
            Assert.Equal(held.Id, keyword.Single().Episode.Id);
            await store.CheckpointAllAsync(TestTimeouts.Token());
            var stats = (await store.GetStatsAsync(TestTimeouts.Token())).Namespaces.Single();
            Assert.Equal(1, stats.Segments);
            Assert.Equal(1, stats.EmbeddingFailures);
            Assert.Equal(0, stats.PendingEmbeddings);
            Assert.Equal(1, stats.Unflushed);
            StoreFactory.CopyCrashImage(live, crashed);
        }

        await using var recovered = await StoreFactory.OpenAsync(crashed);

        Assert.Equal(3, (await recovered.GetAsync("default", [embedded.Id, held.Id, after.Id], TestTimeouts.Token())).Count);
        var retried = await recovered.SearchAsync("default", new EpisodeSearchQuery { Text = "a record the model cannot embed yet", Mode = SearchMode.Dense, WaitForEmbeddings = true, K = 1 }, TestTimeouts.Token());
        Assert.Equal(held.Id, retried.Single().Episode.Id);
    }

    [Fact]
    public async Task OpenAsync_LogDamagedInTheMiddle_KeepsACopyAndRecoversWhatCameBefore()
    {
        var live = _temp.Combine("live");
        var crashed = _temp.Combine("crashed");
        var episodes = Enumerable.Range(0, 3).Select(i => StoreFactory.Episode($"record {i}")).ToList();
        await using (var store = await StoreFactory.OpenAsync(live))
        {
            foreach (var episode in episodes)
            {
                await store.AddAsync("default", [episode], cancellationToken: TestTimeouts.Token());
            }

            StoreFactory.CopyCrashImage(live, crashed);
        }

        var wal = Directory.GetFiles(Path.Combine(crashed, "namespaces", "default", "wal"), "*.wal").Single();
        var bytes = await File.ReadAllBytesAsync(wal, TestContext.Current.CancellationToken);
        var second = bytes.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(episodes[1].Id));
        bytes[second] ^= 0x20;
        await File.WriteAllBytesAsync(wal, bytes, TestContext.Current.CancellationToken);

        await using var recovered = await StoreFactory.OpenAsync(crashed);

        var found = await recovered.GetAsync("default", episodes.Select(e => e.Id).ToList(), TestTimeouts.Token());
        Assert.Equal([episodes[0].Id], found.Select(e => e.Id));
        Assert.Single(Directory.GetFiles(Path.Combine(crashed, "namespaces", "default"), "*.damaged-*"));
    }

    [Fact]
    public async Task CheckpointAllAsync_WritesAnArrowFileWithAFixedSizeVectorColumn()
    {
        var episodes = Enumerable.Range(0, 12).Select(i => StoreFactory.Episode($"note {i}", "c", "ann")).ToList();
        await using (var store = await StoreFactory.OpenAsync(_temp.Path))
        {
            await store.AddAsync("default", episodes, cancellationToken: TestTimeouts.Token());
            await store.SearchAsync("default", new EpisodeSearchQuery { Text = "note", WaitForEmbeddings = true }, TestTimeouts.Token());
            await store.CheckpointAllAsync(TestTimeouts.Token());
        }

        var file = Directory.GetFiles(_temp.Combine("namespaces", "default", "segments"), "*.arrow").Single();
        using var reader = ArrowFileReader.FromFile(file);
        var batch = await reader.ReadNextRecordBatchAsync(TestContext.Current.CancellationToken);
        Assert.NotNull(batch);
        Assert.Equal(12, batch.Length);
        var vectorField = reader.Schema.GetFieldByName("vector");
        var vectorType = Assert.IsType<FixedSizeListType>(vectorField.DataType);
        Assert.Equal(384, vectorType.ListSize);
        Assert.IsType<FloatType>(vectorType.ValueDataType);
        Assert.False(vectorField.IsNullable);
        Assert.Equal(0, batch.Column("vector").NullCount);
        Assert.IsType<StringType>(reader.Schema.GetFieldByName("text").DataType);
        Assert.IsType<TimestampType>(reader.Schema.GetFieldByName("timestamp").DataType);
        Assert.Equal(episodes.Select(e => e.Id).Order(), Enumerable.Range(0, 12).Select(i => ((StringArray)batch.Column("id")).GetString(i)).Order());
        var values = ((FloatArray)((FixedSizeListArray)batch.Column("vector")).Values).Values[..384].ToArray();
        Assert.Equal(1.0, Math.Sqrt(values.Sum(v => (double)v * v)), 3);
    }

    [Fact]
    public async Task OpenAsync_AfterCheckpointAndDelete_ReadsSegmentsAndKeepsTheDeletion()
    {
        var episodes = Enumerable.Range(0, 5).Select(i => StoreFactory.Episode($"segment record {i} kiwi{i}", "c")).ToList();
        await using (var store = await StoreFactory.OpenAsync(_temp.Path))
        {
            await store.AddAsync("default", episodes, cancellationToken: TestTimeouts.Token());
            await store.SearchAsync("default", new EpisodeSearchQuery { Text = "x", WaitForEmbeddings = true }, TestTimeouts.Token());
            await store.CheckpointAllAsync(TestTimeouts.Token());
            await store.DeleteAsync("default", new EpisodeDeletion { Ids = [episodes[2].Id] }, TestTimeouts.Token());
        }

        await using var reopened = await StoreFactory.OpenAsync(_temp.Path);
        var stats = (await reopened.GetStatsAsync(TestTimeouts.Token())).Namespaces.Single();
        Assert.Equal(4, stats.Episodes);
        Assert.Equal(0, stats.PendingEmbeddings);
        Assert.Empty(await reopened.SearchAsync("default", new EpisodeSearchQuery { Text = "kiwi2", Mode = SearchMode.Keyword }, TestTimeouts.Token()));
        var dense = await reopened.SearchAsync("default", new EpisodeSearchQuery { Text = "segment record 4 kiwi4", Mode = SearchMode.Dense, K = 1 }, TestTimeouts.Token());
        Assert.Equal(episodes[4].Id, dense.Single().Episode.Id);
    }

    [Fact]
    public async Task AddAsync_TextLongerThanTheModelWindow_EveryPartIsSearchableByMeaning()
    {
        var filler = string.Join(" ", Enumerable.Range(0, 600).Select(i => $"The committee reviewed budget line {i} and approved it without comment."));
        var text = "Minutes of the budget meeting. " + filler + " Finally, Priya announced that the office will adopt a rescue greyhound named Comet as its mascot.";
        var longEpisode = StoreFactory.Episode(text);
        await using var store = await StoreFactory.OpenAsync(_temp.Path);
        await store.AddAsync("default", [longEpisode, StoreFactory.Episode("A dog show was on television yesterday"), StoreFactory.Episode("Our office moved to the fifth floor")], cancellationToken: TestTimeouts.Token());

        var hits = await store.SearchAsync("default", new EpisodeSearchQuery { Text = "office mascot rescue greyhound dog", Mode = SearchMode.Dense, WaitForEmbeddings = true, K = 1 }, TestTimeouts.Token());
        await store.CheckpointAllAsync(TestTimeouts.Token());

        Assert.Equal(longEpisode.Id, hits.Single().Episode.Id);
        var file = Directory.GetFiles(_temp.Combine("namespaces", "default", "segments"), "*.arrow").Single();
        using var reader = ArrowFileReader.FromFile(file);
        var batch = (await reader.ReadNextRecordBatchAsync(TestContext.Current.CancellationToken))!;
        var ids = (StringArray)batch.Column("id");
        Assert.True(Enumerable.Range(0, batch.Length).Count(i => ids.GetString(i) == longEpisode.Id) > 10, "a long text is stored as many embedded parts");
    }

    [Fact]
    public async Task OpenAsync_NamespaceEmbeddedWithAnotherModel_RefusesWithAClearError()
    {
        await using (var store = await StoreFactory.OpenAsync(_temp.Path))
        {
            await store.AddAsync("default", [StoreFactory.Episode("x")], cancellationToken: TestTimeouts.Token());
        }

        using var minilm = OnnxEmbeddingGeneratorFactory.Create(new OnnxEmbeddingOptions { Model = OnnxEmbeddingModels.MiniLM.Name });

        var error = await Assert.ThrowsAsync<McpMemoryException>(() => StoreFactory.OpenAsync(_temp.Path, embedder: minilm));

        Assert.Equal(McpMemoryErrorCodes.Incompatible, error.Code);
        Assert.Contains("snowflake-arctic-embed-xs", error.Message, StringComparison.Ordinal);
        Assert.Contains("all-MiniLM-L6-v2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_DataDirectoryOfANewerFormat_RefusesAndLeavesItAlone()
    {
        await File.WriteAllTextAsync(_temp.Combine("FORMAT.json"), """{"format":"mcp-memory","version":99}""", TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<McpMemoryException>(() => StoreFactory.OpenAsync(_temp.Path));

        Assert.Equal(McpMemoryErrorCodes.Incompatible, error.Code);
        Assert.Contains("newer", error.Message, StringComparison.Ordinal);
        Assert.Contains("99", await File.ReadAllTextAsync(_temp.Combine("FORMAT.json"), TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAsync_PagesInTimeOrderWithFilters()
    {
        await using var store = await StoreFactory.OpenAsync(_temp.Path);
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var episodes = Enumerable.Range(0, 7).Select(i => StoreFactory.Episode($"e{i}", "c", i % 2 == 0 ? "ann" : "bob", at: start.AddDays(6 - i))).ToList();
        await store.AddAsync("default", episodes, cancellationToken: TestTimeouts.Token());

        var first = await store.ListAsync("default", new EpisodeListQuery { Limit = 3 }, TestTimeouts.Token());
        var second = await store.ListAsync("default", new EpisodeListQuery { Limit = 3, After = first.Next }, TestTimeouts.Token());
        var third = await store.ListAsync("default", new EpisodeListQuery { Limit = 3, After = second.Next }, TestTimeouts.Token());
        var anns = await store.ListAsync("default", new EpisodeListQuery { Filter = new EpisodeFilter { Speaker = "ANN" }, Descending = true }, TestTimeouts.Token());

        Assert.Equal(["e6", "e5", "e4"], first.Items.Select(e => e.Text));
        Assert.Equal(["e3", "e2", "e1"], second.Items.Select(e => e.Text));
        Assert.Equal(["e0"], third.Items.Select(e => e.Text));
        Assert.Null(third.Next);
        Assert.Equal(["e0", "e2", "e4", "e6"], anns.Items.Select(e => e.Text));
    }

    /// <summary>The real model, except that it fails on texts marked [hold], as a model that crashes on some input would.</summary>
    private sealed class HoldingEmbedder(Microsoft.Extensions.AI.IEmbeddingGenerator<string, Microsoft.Extensions.AI.Embedding<float>> inner)
        : Microsoft.Extensions.AI.DelegatingEmbeddingGenerator<string, Microsoft.Extensions.AI.Embedding<float>>(inner)
    {
        public override Task<Microsoft.Extensions.AI.GeneratedEmbeddings<Microsoft.Extensions.AI.Embedding<float>>> GenerateAsync(IEnumerable<string> values, Microsoft.Extensions.AI.EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
            values.Any(v => v.Contains("[hold]", StringComparison.Ordinal))
                ? throw new InvalidOperationException("held")
                : base.GenerateAsync(values, options, cancellationToken);

        protected override void Dispose(bool disposing)
        {
            // The shared model outlives this wrapper.
        }
    }
}
