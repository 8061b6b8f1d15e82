using System.Text.Json;
using McpMemory.Core;
using McpMemory.Core.Semantic;
using McpMemory.Storage.Arrow.Files;
using Microsoft.Extensions.Logging;

namespace McpMemory.Storage.Arrow.Graphs;

/// <summary>
/// One namespace's knowledge graph in the owning process: the graph in memory, its log and its snapshot in
/// <c>graphs/NAME/</c>. A write is planned against the graph, appended to the log and fsynced, then applied, all under
/// one lock, so writes are serial and a write is acknowledged only once it is durable. When the log grows past a limit
/// the state is written to a new snapshot (with the entity vectors beside it) and older logs are removed.
/// </summary>
internal sealed partial class GraphNamespace : IDisposable
{
    private const string SnapshotName = "snapshot.json";
    private const string VectorsName = "vectors.bin";
    private const string LogPrefix = "graph-";
    private const string LogSuffix = ".log";
    private const long SnapshotAfterBytes = 32L << 20;
    private const int SnapshotAfterVectors = 1000;
    private readonly Lock _gate = new();
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _snapshotGate = new(1, 1);
    private WriteAheadLog? _log;
    private long _seq;
    private long _loggedBytes;
    private int _embeddedSinceSnapshot;
    private TaskCompletionSource _embedded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private GraphNamespace(string name, string directory, string model, ILogger logger)
    {
        Name = name;
        Directory = directory;
        Model = model;
        _logger = logger;
        Graph = new KnowledgeGraph(name);
    }

    public string Name { get; }

    public string Directory { get; }

    public string Model { get; }

    public KnowledgeGraph Graph { get; }

    /// <summary>Counts, with the model of the vectors.</summary>
    public GraphStats Stats()
    {
        lock (_gate)
        {
            return Graph.Stats(Model);
        }
    }

    /// <summary>Entities waiting for vectors.</summary>
    public int PendingEmbeddings
    {
        get
        {
            lock (_gate)
            {
                return Graph.PendingEmbeddings;
            }
        }
    }

    /// <summary>
    /// True when a snapshot is due: the log is big, or many entities were embedded since the last one and none wait
    /// (saving the vectors spares a restart from embedding them again). "Many" grows with the graph, a quarter of its
    /// entities and at least <see cref="SnapshotAfterVectors"/>, since a snapshot rewrites every vector: a fixed count
    /// made a graph of 100,000 rewrite 150 MB for each 1,000 entities added, competing with the calls of that moment.
    /// </summary>
    public bool SnapshotDue
    {
        get
        {
            if (Volatile.Read(ref _loggedBytes) > SnapshotAfterBytes)
            {
                return true;
            }

            lock (_gate)
            {
                return _embeddedSinceSnapshot >= Math.Max(SnapshotAfterVectors, Graph.EntityCount / 4) && Graph.PendingEmbeddings == 0;
            }
        }
    }

    /// <summary>True when anything changed since the last snapshot (worth one at shutdown).</summary>
    public bool Dirty => Volatile.Read(ref _loggedBytes) > 0 || Volatile.Read(ref _embeddedSinceSnapshot) > 0;

    /// <summary>Opens the graph in <paramref name="directory"/> (which may not exist yet): snapshot, then log.</summary>
    public static GraphNamespace Open(string name, string directory, string model, ILogger logger)
    {
        var graph = new GraphNamespace(name, directory, model, logger);
        graph.Recover();
        return graph;
    }

    private void Recover()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return;
        }

        var snapshotPath = Path.Combine(Directory, SnapshotName);
        if (File.Exists(snapshotPath))
        {
            using var stream = File.OpenRead(snapshotPath);
            var snapshot = JsonSerializer.Deserialize(stream, GraphJsonContext.Default.GraphSnapshotFile)
                ?? throw new McpMemoryException(McpMemoryErrorCodes.StorageFailure, $"The graph snapshot '{snapshotPath}' is empty. Restore the data directory from a backup.");
            if (snapshot.Format > GraphSnapshotFile.CurrentFormat)
            {
                throw new McpMemoryException(McpMemoryErrorCodes.Incompatible, $"The graph snapshot '{snapshotPath}' has format {snapshot.Format}, newer than this mcp-memory reads ({GraphSnapshotFile.CurrentFormat}). Upgrade mcp-memory.");
            }

            Graph.Apply(snapshot.Changes.ToList());
            _seq = snapshot.Seq;
        }

        var logs = System.IO.Directory.GetFiles(Directory, LogPrefix + "*" + LogSuffix).Order(StringComparer.Ordinal).ToList();
        for (var i = 0; i < logs.Count; i++)
        {
            var entries = WriteAheadLog.ReadAll(logs[i], GraphJsonContext.Default.GraphLogEntry, out var validLength, out var damaged);
            if (damaged)
            {
                var aside = logs[i] + ".damaged-" + DateTimeOffset.UtcNow.ToUnixTimeSeconds();
                File.Copy(logs[i], aside, overwrite: true);
                LogDamaged(_logger, Name, logs[i], aside);
            }

            foreach (var entry in entries.Where(e => e.Seq > _seq))
            {
                Graph.Apply(entry.Changes);
                _seq = entry.Seq;
            }

            if (i == logs.Count - 1)
            {
                _log = WriteAheadLog.OpenForAppend(logs[i], validLength);
                _loggedBytes = validLength > 8 ? validLength : 0;
            }
        }

        if (GraphVectorFile.Read(Path.Combine(Directory, VectorsName), Model) is { } saved)
        {
            Graph.RestoreEmbeddings(saved, GraphVectorFile.HashText);
        }

        LogOpened(_logger, Name, Graph.EntityCount, Graph.RelationCount, Graph.PendingEmbeddings);
    }

    /// <summary>Answers a read.</summary>
    public GraphResponse Read(GraphRequest request, DateTimeOffset now, ReadOnlySpan<float> queryVector)
    {
        lock (_gate)
        {
            return Graph.Query(request, now, queryVector);
        }
    }

    /// <summary>Plans, logs durably and applies a write; returns its answer.</summary>
    public GraphResponse Write(GraphRequest request, DateTimeOffset now)
    {
        lock (_gate)
        {
            var plan = Graph.Plan(request, now);
            if (plan.Changes.Count == 0)
            {
                return plan.Response with { Unchanged = true };
            }

            var entry = new GraphLogEntry { Seq = _seq + 1, Changes = [.. plan.Changes] };
            try
            {
                if (_log is null)
                {
                    System.IO.Directory.CreateDirectory(Directory);
                    DurableFile.SyncDirectory(Path.GetDirectoryName(Directory)!);
                    _log = WriteAheadLog.Create(LogPath(entry.Seq));
                }

                var before = _log.Length;
                _log.Append(entry, GraphJsonContext.Default.GraphLogEntry, durable: true);
                _loggedBytes += _log.Length - before;
            }
            catch (IOException ex)
            {
                throw new McpMemoryException(
                    McpMemoryErrorCodes.StorageFailure,
                    $"The write to the knowledge graph of namespace '{Name}' could not be made durable ({ex.Message}); nothing of it was stored. Free disk space or fix permissions in '{Directory}', then retry.",
                    ex);
            }

            _seq = entry.Seq;
            Graph.Apply(plan.Changes);
            return plan.Response;
        }
    }

    /// <summary>
    /// Writes the state to a new snapshot (and the vectors beside it), then removes the logs it covers. Writers wait only
    /// while the state is captured and a new log is started; the files are written after.
    /// </summary>
    public async Task SnapshotAsync(CancellationToken cancellationToken)
    {
        await _snapshotGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Captured state;
            List<string> oldLogs;
            lock (_gate)
            {
                if (_log is null)
                {
                    return;
                }

                state = Capture();

                // The snapshot covers every write up to seq; later writes go to the log that starts at seq + 1 (which
                // is the current one when nothing was written since the last snapshot).
                var nextPath = LogPath(state.Seq + 1);
                oldLogs = System.IO.Directory.GetFiles(Directory, LogPrefix + "*" + LogSuffix)
                    .Where(p => !string.Equals(Path.GetFullPath(p), Path.GetFullPath(nextPath), StringComparison.Ordinal))
                    .ToList();
                if (!string.Equals(Path.GetFullPath(_log.Path), Path.GetFullPath(nextPath), StringComparison.Ordinal))
                {
                    var next = WriteAheadLog.Create(nextPath);
                    _log.Dispose();
                    _log = next;
                }

                _loggedBytes = 0;
                _embeddedSinceSnapshot = 0;
            }

            try
            {
                await WriteAsync(state, Directory, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                // The logs are all still there; make sure the next chance (at the latest, shutdown) writes a snapshot.
                Interlocked.Increment(ref _embeddedSinceSnapshot);
                throw;
            }

            foreach (var old in oldLogs)
            {
                DurableFile.TryDelete(old);
            }

            DurableFile.SyncDirectory(Directory);
            LogSnapshot(_logger, Name, state.Seq, state.Changes.Count, state.Vectors.Count);
        }
        finally
        {
            _snapshotGate.Release();
        }
    }

    /// <summary>
    /// Writes the graph as it is now into <paramref name="directory"/> (a snapshot and the vectors, no log), for a
    /// backup. Returns the counts it holds.
    /// </summary>
    public async Task<(int Entities, int Relations)> BackupToAsync(string directory, CancellationToken cancellationToken)
    {
        Captured state;
        int entities, relations;
        lock (_gate)
        {
            state = Capture();
            entities = Graph.EntityCount;
            relations = Graph.RelationCount;
        }

        System.IO.Directory.CreateDirectory(directory);
        await WriteAsync(state, directory, cancellationToken).ConfigureAwait(false);
        DurableFile.SyncDirectory(directory);
        return (entities, relations);
    }

    private Captured Capture() =>
        new(Graph.Snapshot().ToList(), Graph.Embeddings().ToList(), Graph.EmbeddingDimensions ?? 0, _seq);

    private async Task WriteAsync(Captured state, string directory, CancellationToken cancellationToken)
    {
        await DurableFile.PublishAsync(
            Path.Combine(directory, VectorsName),
            (stream, ct) => GraphVectorFile.WriteAsync(stream, Model, state.Dimensions, state.Vectors, ct),
            cancellationToken).ConfigureAwait(false);
        await DurableFile.PublishAsync(
            Path.Combine(directory, SnapshotName),
            (stream, ct) => JsonSerializer.SerializeAsync(stream, new GraphSnapshotFile { Format = GraphSnapshotFile.CurrentFormat, Seq = state.Seq, Changes = state.Changes }, GraphJsonContext.Default.GraphSnapshotFile, ct),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Embeds up to <paramref name="batch"/> pending entities; returns how many were handled (0 when none wait).</summary>
    public async Task<int> EmbedPendingAsync(Func<IReadOnlyList<string>, CancellationToken, Task<IReadOnlyList<float[]>>> embed, int batch, CancellationToken cancellationToken)
    {
        List<(string Name, int Version, string Text)> pending;
        lock (_gate)
        {
            pending = Graph.TakePendingEmbeddings(batch);
        }

        if (pending.Count == 0)
        {
            SignalEmbedded();
            return 0;
        }

        IReadOnlyList<float[]>? vectors = null;
        try
        {
            vectors = await embed([.. pending.Select(p => p.Text)], cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogEmbedFailed(_logger, Name, pending.Count, ex);
        }

        lock (_gate)
        {
            for (var i = 0; i < pending.Count; i++)
            {
                if (vectors is null)
                {
                    Graph.SkipEmbedding(pending[i].Name, pending[i].Version);
                }
                else if (Graph.SetEmbedding(pending[i].Name, pending[i].Version, vectors[i]))
                {
                    _embeddedSinceSnapshot++;
                }
            }
        }

        SignalEmbedded();
        return pending.Count;
    }

    /// <summary>Waits until no entity waits for a vector.</summary>
    public async Task WaitForEmbeddingsAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var signal = Volatile.Read(ref _embedded);
            if (PendingEmbeddings == 0)
            {
                return;
            }

            await signal.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _log?.Dispose();
            _log = null;
        }

        _snapshotGate.Dispose();
    }

    private sealed record Captured(List<GraphChange> Changes, List<(string Name, string Text, ReadOnlyMemory<float> Vector)> Vectors, int Dimensions, long Seq);

    private void SignalEmbedded() => Interlocked.Exchange(ref _embedded, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    private string LogPath(long firstSeq) => Path.Combine(Directory, $"{LogPrefix}{firstSeq:D12}{LogSuffix}");

    [LoggerMessage(Level = LogLevel.Information, Message = "Knowledge graph of namespace {Namespace} opened: {Entities} entities, {Relations} relations, {Pending} waiting for embeddings")]
    private static partial void LogOpened(ILogger logger, string @namespace, int entities, int relations, int pending);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The graph log of namespace {Namespace} is damaged before its end: '{Path}' was copied to '{Aside}' and read up to the damage")]
    private static partial void LogDamaged(ILogger logger, string @namespace, string path, string aside);

    [LoggerMessage(Level = LogLevel.Information, Message = "Knowledge graph of namespace {Namespace}: snapshot at write {Seq} ({Changes} items, {Vectors} vectors)")]
    private static partial void LogSnapshot(ILogger logger, string @namespace, long seq, int changes, int vectors);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Embedding {Count} entities of namespace {Namespace} failed; they stay findable by text")]
    private static partial void LogEmbedFailed(ILogger logger, string @namespace, int count, Exception exception);
}
