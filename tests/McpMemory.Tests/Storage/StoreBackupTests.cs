using System.Collections.Concurrent;
using System.Text.Json;
using McpMemory.Core;
using McpMemory.Core.Episodic;
using McpMemory.Storage.Arrow;
using McpMemory.Tests.Support;

namespace McpMemory.Tests.Storage;

public sealed class StoreBackupTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task BackupAsync_WhileAWriterKeepsAdding_HoldsEveryRecordAcknowledgedBeforeAndOnlyWholeRecords()
    {
        var source = _temp.Combine("data");
        var written = new ConcurrentDictionary<string, Episode>(StringComparer.Ordinal);
        var before = new HashSet<string>(StringComparer.Ordinal);
        await using (var store = await StoreFactory.OpenAsync(source))
        {
            // Some records in a segment, some only in the log, some still waiting for embeddings.
            var early = Enumerable.Range(0, 60).Select(i => StoreFactory.Episode($"early record heron{i}", conversation: "c1")).ToList();
            await store.AddAsync("default", early, cancellationToken: TestTimeouts.Token());
            await store.SearchAsync("default", new EpisodeSearchQuery { Text = "heron", WaitForEmbeddings = true }, TestTimeouts.Token());
            await store.CheckpointAllAsync(TestTimeouts.Token());
            await store.AddAsync("other", [StoreFactory.Episode("a second namespace")], cancellationToken: TestTimeouts.Token());
            foreach (var episode in early)
            {
                written[episode.Id] = episode;
            }

            using var stop = new CancellationTokenSource();
            before.UnionWith(written.Keys);
            var twentyAcknowledged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var writer = Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    var episode = StoreFactory.Episode($"live record {i} with some words to embed", conversation: "c2");
                    await store.AddAsync("default", [episode], cancellationToken: TestTimeouts.Token());
                    written[episode.Id] = episode;
                    if (i == 20)
                    {
                        twentyAcknowledged.SetResult();
                    }
                }
            }, TestTimeouts.Token());
            await twentyAcknowledged.Task.WaitAsync(TestTimeouts.Token());

            before.UnionWith(written.Keys);
            var summary = await store.BackupAsync(_temp.Combine("backup"), null, TestTimeouts.Token());
            await stop.CancelAsync();
            await writer;

            Assert.True(summary.LinkedFiles >= 1, "segments on the same file system are hard-linked");
            Assert.Equal(["default", "other"], summary.Namespaces.Select(n => n.Namespace));
        }

        var restoredDir = _temp.Combine("restored");
        var restored = await ArrowStoreRestore.RestoreAsync(_temp.Combine("backup"), restoredDir, force: false, cancellationToken: TestTimeouts.Token());
        await using var copy = await StoreFactory.OpenAsync(restoredDir);
        var ids = await ListAllAsync(copy, "default");
        var backupJson = JsonDocument.Parse(await File.ReadAllTextAsync(_temp.Combine("backup", "BACKUP.json"), TestContext.Current.CancellationToken)).RootElement;

        Assert.Equal(backupJson.GetProperty("namespaces")[0].GetProperty("records").GetInt64(), ids.Count);
        Assert.Equal(ids.Count, restored.Namespaces.Single(n => n.Namespace == "default").Episodes);
        Assert.Empty(before.Except(ids.Select(e => e.Id)));
        foreach (var episode in ids)
        {
            Assert.True(written.TryGetValue(episode.Id, out var original), $"{episode.Id} was never written");
            Assert.Equal(original.Text, episode.Text);
        }

        Assert.Single(await ListAllAsync(copy, "other"));
    }

    [Fact]
    public async Task RestoreAsync_SegmentWithAFlippedByte_IsRefusedNamingTheFileAndChangesNothing()
    {
        var backup = await BackupWithASegmentAsync();
        var segment = Directory.GetFiles(Path.Combine(backup, "namespaces", "default", "segments")).Single();
        var bytes = await File.ReadAllBytesAsync(segment, TestContext.Current.CancellationToken);
        bytes[bytes.Length / 2] ^= 0x40;
        File.Delete(segment); // a new file, not a write through the hard link into the live store
        await File.WriteAllBytesAsync(segment, bytes, TestContext.Current.CancellationToken);
        var target = _temp.Combine("target");

        var error = await Assert.ThrowsAsync<McpMemoryException>(() => ArrowStoreRestore.RestoreAsync(backup, target, force: false, cancellationToken: TestTimeouts.Token()));

        Assert.Contains(segment, error.Message, StringComparison.Ordinal);
        Assert.Contains("damaged", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(target, "namespaces")));
    }

    [Fact]
    public async Task RestoreAsync_ExistingNamespace_IsRefusedWithoutForceAndMovedAsideWithIt()
    {
        var backup = await BackupWithASegmentAsync();
        var target = _temp.Combine("target");
        await using (var store = await StoreFactory.OpenAsync(target))
        {
            await store.AddAsync("default", [StoreFactory.Episode("already here: the existing record")], cancellationToken: TestTimeouts.Token());
        }

        var refused = await Assert.ThrowsAsync<McpMemoryException>(() => ArrowStoreRestore.RestoreAsync(backup, target, force: false, cancellationToken: TestTimeouts.Token()));
        var forced = await ArrowStoreRestore.RestoreAsync(backup, target, force: true, cancellationToken: TestTimeouts.Token());

        Assert.Contains("--force", refused.Message, StringComparison.Ordinal);
        Assert.NotNull(forced.ReplacedDirectory);
        Assert.True(Directory.Exists(Path.Combine(forced.ReplacedDirectory, "default", "wal")));
        await using var restored = await StoreFactory.OpenAsync(target);
        var texts = (await ListAllAsync(restored, "default")).Select(e => e.Text).ToList();
        Assert.Equal(3, texts.Count);
        Assert.DoesNotContain("already here: the existing record", texts);
    }

    [Fact]
    public async Task BackupAsync_IntoAFolderThatIsNotEmpty_IsRefused()
    {
        var full = _temp.Combine("full");
        Directory.CreateDirectory(full);
        await File.WriteAllTextAsync(Path.Combine(full, "x"), "x", TestContext.Current.CancellationToken);
        await using var store = await StoreFactory.OpenAsync(_temp.Combine("data"));

        var error = await Assert.ThrowsAsync<McpMemoryException>(() => store.BackupAsync(full, null, TestTimeouts.Token()));

        Assert.Contains("not empty", error.Message, StringComparison.Ordinal);
    }

    private async Task<string> BackupWithASegmentAsync()
    {
        var backup = _temp.Combine("backup");
        await using var store = await StoreFactory.OpenAsync(_temp.Combine("source"));
        await store.AddAsync("default", [StoreFactory.Episode("one kestrel"), StoreFactory.Episode("two kestrels"), StoreFactory.Episode("three kestrels")], cancellationToken: TestTimeouts.Token());
        await store.SearchAsync("default", new EpisodeSearchQuery { Text = "kestrel", WaitForEmbeddings = true }, TestTimeouts.Token());
        await store.CheckpointAllAsync(TestTimeouts.Token());
        await store.BackupAsync(backup, null, TestTimeouts.Token());
        return backup;
    }

    private static async Task<List<Episode>> ListAllAsync(ArrowEpisodeStore store, string ns)
    {
        var all = new List<Episode>();
        EpisodePosition? after = null;
        do
        {
            var page = await store.ListAsync(ns, new EpisodeListQuery { After = after, Limit = 500 }, TestTimeouts.Token());
            all.AddRange(page.Items);
            after = page.Next;
        }
        while (after is not null);
        return all;
    }
}
