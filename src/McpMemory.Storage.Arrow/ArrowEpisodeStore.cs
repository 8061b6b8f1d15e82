using System.Collections.Concurrent;
using System.Threading.Channels;
using McpMemory.Core;
using McpMemory.Core.Documents;
using McpMemory.Core.Embeddings;
using McpMemory.Core.Episodic;
using McpMemory.Core.Storage;
using McpMemory.Storage.Arrow.Files;
using McpMemory.Storage.Arrow.Graphs;
using McpMemory.Storage.Arrow.Namespaces;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace McpMemory.Storage.Arrow;

/// <summary>
/// The embedded store, owned by one process: namespaces under <c>namespaces/</c> in the data directory, each with its
/// own manifest, write-ahead log and Arrow segments. Writes are acknowledged once they are in the fsynced log; a
/// background loop embeds new records in micro-batches and another writes them into segments.
/// </summary>
internal sealed partial class ArrowEpisodeStore : IEpisodeStore, IStoreMaintenance, IAsyncDisposable
{
    private const string NamespacesFolder = "namespaces";
    private readonly ConcurrentDictionary<string, NamespaceStore> _namespaces = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _createGate = new(1, 1);
    private readonly Channel<NamespaceStore> _embedSignals = Channel.CreateUnbounded<NamespaceStore>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly IEmbeddingGenerator<string, Embedding<float>> _embedder;
    private readonly Func<string, IEmbeddingGenerator<string, Embedding<float>>?> _otherModels;
    private readonly ArrowStoreOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private Task _embedLoop = Task.CompletedTask;
    private Task _checkpointLoop = Task.CompletedTask;

    private ArrowEpisodeStore(string dataDirectory, IEmbeddingGenerator<string, Embedding<float>> embedder, Func<string, IEmbeddingGenerator<string, Embedding<float>>?>? otherModels, ArrowStoreOptions options, ILogger logger, TimeProvider time)
    {
        DataDirectory = dataDirectory;
        _embedder = embedder;
        _otherModels = otherModels ?? (_ => null);
        _options = options;
        _logger = logger;
        _time = time;
        var metadata = embedder.GetService<EmbeddingGeneratorMetadata>();
        Model = metadata?.DefaultModelId ?? throw new ArgumentException("The embedding generator does not say its model id.", nameof(embedder));
        Dimensions = metadata.DefaultModelDimensions ?? throw new ArgumentException("The embedding generator does not say its dimensions.", nameof(embedder));
    }

    public string DataDirectory { get; }

    /// <summary>The knowledge graphs kept in the same data directory, owned with the store.</summary>
    public ArrowGraphStore Graphs { get; private set; } = null!;

    public string Model { get; }

    public int Dimensions { get; }

    /// <summary>
    /// Opens the store in <paramref name="dataDirectory"/>, recovering every namespace. The caller must own the directory.
    /// <paramref name="embedder"/> embeds new namespaces; a namespace embedded with another model keeps it (found by
    /// its model id through <paramref name="otherModels"/>) until it is reindexed.
    /// </summary>
    public static async Task<ArrowEpisodeStore> OpenAsync(string dataDirectory, IEmbeddingGenerator<string, Embedding<float>> embedder, ArrowStoreOptions options, ILogger logger, TimeProvider time, CancellationToken cancellationToken, Func<string, IEmbeddingGenerator<string, Embedding<float>>?>? otherModels = null)
    {
        Directory.CreateDirectory(dataDirectory);
        await StoreFormat.EnsureAsync(dataDirectory, cancellationToken).ConfigureAwait(false);
        var store = new ArrowEpisodeStore(dataDirectory, embedder, otherModels, options, logger, time);
        var root = Path.Combine(dataDirectory, NamespacesFolder);
        if (!Directory.Exists(root))
        {
            Directory.CreateDirectory(root);
            DurableFile.SyncDirectory(dataDirectory);
        }
        foreach (var directory in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(directory);
            var ns = await NamespaceStore.OpenAsync(name, directory, store.Model, store.Dimensions, options, logger, time, cancellationToken).ConfigureAwait(false);
            try
            {
                store.EmbedderFor(ns.Model);
            }
            catch
            {
                ns.Dispose();
                foreach (var opened in store._namespaces.Values)
                {
                    opened.Dispose();
                }

                throw;
            }

            store._namespaces[name] = ns;
            if (ns.HasPending)
            {
                store._embedSignals.Writer.TryWrite(ns);
            }
        }

        store._embedLoop = Task.Run(store.EmbedLoopAsync, CancellationToken.None);
        store._checkpointLoop = Task.Run(store.CheckpointLoopAsync, CancellationToken.None);
        store.Graphs = new ArrowGraphStore(dataDirectory, embedder, store.Model, logger, time);
        return store;
    }

    public async Task<IReadOnlyList<AddOutcome>> AddAsync(string ns, IReadOnlyList<Episode> episodes, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var store = await GetOrCreateAsync(ns, cancellationToken).ConfigureAwait(false);
        var outcomes = await store.AddAsync(episodes, progress, cancellationToken).ConfigureAwait(false);
        _embedSignals.Writer.TryWrite(store);
        return outcomes;
    }

    public Task<IReadOnlyList<Episode>> GetAsync(string ns, IReadOnlyList<string> ids, CancellationToken cancellationToken = default) =>
        Task.FromResult(_namespaces.TryGetValue(ns, out var store) ? store.Get(ids) : []);

    public Task<IReadOnlyList<Episode>> GetSurroundingAsync(string ns, string id, int before, int after, CancellationToken cancellationToken = default) =>
        Task.FromResult(_namespaces.TryGetValue(ns, out var store) ? store.GetSurrounding(id, before, after) : []);

    public Task<EpisodePage> ListAsync(string ns, EpisodeListQuery query, CancellationToken cancellationToken = default) =>
        Task.FromResult(_namespaces.TryGetValue(ns, out var store) ? store.List(query) : new EpisodePage([], null));

    public async Task<IReadOnlyList<string>> DeleteAsync(string ns, EpisodeDeletion deletion, CancellationToken cancellationToken = default) =>
        _namespaces.TryGetValue(ns, out var store) ? await store.DeleteAsync(deletion, cancellationToken).ConfigureAwait(false) : [];

    public async Task<IReadOnlyList<EpisodeHit>> SearchAsync(string ns, EpisodeSearchQuery query, CancellationToken cancellationToken = default)
    {
        if (!_namespaces.TryGetValue(ns, out var store))
        {
            return [];
        }

        if (query.WaitForEmbeddings)
        {
            try
            {
                await store.WaitForEmbeddingsAsync(cancellationToken).WaitAsync(_options.EmbeddingWaitTimeout, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                var pending = store.Stats().PendingEmbeddings;
                throw new McpMemoryException(
                    McpMemoryErrorCodes.Unavailable,
                    $"{pending} records of namespace '{ns}' are still waiting for embeddings after {_options.EmbeddingWaitTimeout.TotalSeconds:F0} s. Search without wait_for_embeddings (keyword matches are already there), or check the server log for embedding errors.");
            }
        }

        // A reindex may switch the namespace's model between embedding the query and searching: then embed it again
        // (reindex runs of a namespace take turns, so this repeats at most once per run).
        while (true)
        {
            var (vector, model) = await EmbedQueryAsync(store, ns, query, cancellationToken).ConfigureAwait(false);
            if (store.Search(query, vector, model) is { } hits)
            {
                return hits;
            }
        }
    }

    private async Task<(float[]? Vector, string? Model)> EmbedQueryAsync(NamespaceStore store, string ns, EpisodeSearchQuery query, CancellationToken cancellationToken)
    {
        float[]? vector = null;
        var model = store.Model;
        if (query.Mode != SearchMode.Keyword)
        {
            try
            {
                var embeddings = await EmbedderFor(model).GenerateAsync([query.Text], query.EmbedQueryAsRecord ? null : EmbeddingInputType.ForQuery, cancellationToken).ConfigureAwait(false);
                vector = embeddings[0].Vector.ToArray();
            }
            catch (Exception ex) when (ex is not OperationCanceledException && query.Mode == SearchMode.Hybrid)
            {
                // Keyword matches do not need the model: a hybrid search degrades to them rather than failing.
                LogQueryEmbeddingFailed(_logger, ns, ex);
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not McpMemoryException)
            {
                throw new McpMemoryException(McpMemoryErrorCodes.Unavailable, $"The embedding model failed ({ex.Message}), so a search by meaning is not possible now. Use mode 'keyword' or 'hybrid', and check the server log.", ex);
            }
        }

        return (vector, model);
    }

    /// <summary>The generator for <paramref name="model"/>: the configured one, or another known model.</summary>
    private IEmbeddingGenerator<string, Embedding<float>> EmbedderFor(string model) =>
        string.Equals(model, Model, StringComparison.Ordinal)
            ? _embedder
            : _otherModels(model) ?? throw new McpMemoryException(
                McpMemoryErrorCodes.Incompatible,
                $"A namespace was embedded with '{model}', which this build cannot load (it runs '{Model}'). Start mcp-memory with that embedding model (--embedding-model), then run 'mcp-memory reindex' to move the namespace to the one you want.");

    public async Task<StoreStats> GetStatsAsync(CancellationToken cancellationToken = default)
    {
        var namespaces = _namespaces.Values.OrderBy(n => n.Name, StringComparer.Ordinal).Select(n => n.Stats()).ToList();
        var graphs = await Graphs.StatsAsync().ConfigureAwait(false);
        return new StoreStats(DataDirectory, Model, Dimensions, StoreFormat.CurrentVersion, "owner", Environment.ProcessId, namespaces, graphs);
    }

    /// <summary>Writes every namespace's unflushed records into segments now.</summary>
    public async Task CheckpointAllAsync(CancellationToken cancellationToken)
    {
        foreach (var store in _namespaces.Values)
        {
            await store.CheckpointAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Graphs is not null)
        {
            await Graphs.DisposeAsync().ConfigureAwait(false);
        }

        _embedSignals.Writer.TryComplete();
        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var loop in new[] { _embedLoop, _checkpointLoop })
        {
            try
            {
                await loop.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogCheckpointFailed(_logger, "*", ex);
            }
        }

        try
        {
            await CheckpointAllAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogCheckpointFailed(_logger, "*", ex);
        }

        foreach (var store in _namespaces.Values)
        {
            store.Dispose();
        }

        _createGate.Dispose();
        _stopping.Dispose();
    }

    private async Task<NamespaceStore> GetOrCreateAsync(string ns, CancellationToken cancellationToken)
    {
        if (_namespaces.TryGetValue(ns, out var store))
        {
            return store;
        }

        await _createGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_namespaces.TryGetValue(ns, out store))
            {
                return store;
            }

            LogNamespaceCreated(_logger, ns);
            store = await NamespaceStore.OpenAsync(ns, Path.Combine(DataDirectory, NamespacesFolder, ns), Model, Dimensions, _options, _logger, _time, cancellationToken).ConfigureAwait(false);
            _namespaces[ns] = store;
            return store;
        }
        finally
        {
            _createGate.Release();
        }
    }

    private async Task EmbedLoopAsync()
    {
        var token = _stopping.Token;
        try
        {
            while (await _embedSignals.Reader.WaitToReadAsync(token).ConfigureAwait(false))
            {
                while (_embedSignals.Reader.TryRead(out var store))
                {
                    await EmbedPendingAsync(store, token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
    }

    private async Task EmbedPendingAsync(NamespaceStore store, CancellationToken cancellationToken)
    {
        while (true)
        {
            var batch = store.TakePendingBatch(_options.EmbeddingBatchSize);
            if (batch.Count == 0)
            {
                return;
            }

            try
            {
                await EmbedBatchAsync(store, batch, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                store.ReturnPendingBatch(batch);
                throw;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogEmbeddingFailed(_logger, store.Name, ex);
                if (ex is McpMemoryException { Code: McpMemoryErrorCodes.StorageFailure })
                {
                    // The log could not be written (disk full?): try again a little later.
                    store.ReturnPendingBatch(batch);
                    await Task.Delay(TimeSpan.FromSeconds(2), _time, cancellationToken).ConfigureAwait(false);
                }
                else if (batch.Count == 1)
                {
                    // The model cannot take this record: it stays keyword-searchable, the others go on, and a restart
                    // retries it.
                    store.SetAsideBatch(batch);
                }
                else
                {
                    // Find the record that breaks the model: embed the batch one record at a time.
                    store.ReturnPendingBatch(batch);
                    await EmbedOneByOneAsync(store, batch.Count, cancellationToken).ConfigureAwait(false);
                }

                // Let the other namespaces have their turn; the checkpoint loop signals this one again.
                return;
            }
        }
    }

    private async Task EmbedOneByOneAsync(NamespaceStore store, int count, CancellationToken cancellationToken)
    {
        for (var i = 0; i < count; i++)
        {
            var single = store.TakePendingBatch(1);
            if (single.Count == 0)
            {
                return;
            }

            try
            {
                await EmbedBatchAsync(store, single, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                store.ReturnPendingBatch(single);
                throw;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogRecordSetAside(_logger, store.Name, single[0].Episode.Id, ex);
                store.SetAsideBatch(single);
            }
        }
    }

    private async Task EmbedBatchAsync(NamespaceStore store, List<(int Row, Episode Episode)> batch, CancellationToken cancellationToken)
    {
        var model = store.Model;
        var vectors = await ComputeEmbeddingsAsync(store, batch, EmbedderFor(model), cancellationToken).ConfigureAwait(false);
        await store.ApplyEmbeddingsAsync(batch, vectors, model, cancellationToken).ConfigureAwait(false);
    }

    // The vectors of each record: one per window of its text, each embedded with the turns before it.
    private async Task<List<List<(int Start, int End, float[] Vector)>>> ComputeEmbeddingsAsync(NamespaceStore store, List<(int Row, Episode Episode)> batch, IEmbeddingGenerator<string, Embedding<float>> embedder, CancellationToken cancellationToken)
    {
        var windowing = embedder.GetService<ITextWindowing>();
        var contextTurns = CompanionNamespace.Documents.TryGetOwner(store.Name, out _) ? _options.DocumentContextTurns : _options.ContextTurns;
        var inputs = new List<string>();
        var ranges = new List<List<Range>>(batch.Count);
        foreach (var (row, episode) in batch)
        {
            var parts = windowing?.SplitIntoWindows(episode.Text) ?? [Range.All];
            var context = ContextText(store.PrecedingTurns(row, contextTurns));
            var own = new List<Range>(parts.Count + 1);
            foreach (var range in parts)
            {
                own.Add(range);
                inputs.Add(context + SpeakerPrefix(episode) + episode.Text[range]);
            }

            if (context.Length > 0 && _options.AlsoEmbedWithoutContext)
            {
                own.Add(parts[0]);
                inputs.Add(SpeakerPrefix(episode) + episode.Text[parts[0]]);
            }

            ranges.Add(own);
        }

        var embeddings = await embedder.GenerateAsync(inputs, cancellationToken: cancellationToken).ConfigureAwait(false);
        var vectors = new List<List<(int Start, int End, float[] Vector)>>(batch.Count);
        var next = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            var length = batch[i].Episode.Text.Length;
            var parts = new List<(int Start, int End, float[] Vector)>(ranges[i].Count);
            foreach (var range in ranges[i])
            {
                var (offset, count) = range.GetOffsetAndLength(length);
                parts.Add((offset, offset + count, embeddings[next++].Vector.ToArray()));
            }

            vectors.Add(parts);
        }

        return vectors;
    }

    private static string SpeakerPrefix(Episode episode) => episode.Speaker is null ? "" : episode.Speaker + ": ";

    // The preceding turns, one per line, so the model reads a turn in the light of what it answers.
    private static string ContextText(List<Episode> turns)
    {
        if (turns.Count == 0)
        {
            return "";
        }

        var builder = new System.Text.StringBuilder();
        foreach (var turn in turns)
        {
            var text = turn.Text.Length > 300 ? turn.Text[..300] : turn.Text;
            builder.Append(SpeakerPrefix(turn)).Append(text).Append('\n');
        }

        return builder.ToString();
    }

    private async Task CheckpointLoopAsync()
    {
        var token = _stopping.Token;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500), _time);
        try
        {
            while (await timer.WaitForNextTickAsync(token).ConfigureAwait(false))
            {
                foreach (var store in _namespaces.Values)
                {
                    if (store.HasPending)
                    {
                        _embedSignals.Writer.TryWrite(store);
                    }

                    if (!store.ShouldCheckpoint())
                    {
                        continue;
                    }

                    try
                    {
                        await store.CheckpointAsync(token).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        LogCheckpointFailed(_logger, store.Name, ex);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Embedding a query in namespace {Namespace} failed; answering from keywords only")]
    private static partial void LogQueryEmbeddingFailed(ILogger logger, string @namespace, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created namespace {Namespace}")]
    private static partial void LogNamespaceCreated(ILogger logger, string @namespace);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Embedding records of namespace {Namespace} failed; trying them one by one")]
    private static partial void LogEmbeddingFailed(ILogger logger, string @namespace, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Record {Id} of namespace {Namespace} cannot be embedded; it stays keyword-searchable and is retried after a restart")]
    private static partial void LogRecordSetAside(ILogger logger, string @namespace, string id, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing a segment of namespace {Namespace} failed; the records stay safe in the write-ahead log")]
    private static partial void LogCheckpointFailed(ILogger logger, string @namespace, Exception exception);
}
