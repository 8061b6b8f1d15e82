using System.Collections.Concurrent;
using System.Threading.Channels;
using McpMemory.Core;
using McpMemory.Core.Embeddings;
using McpMemory.Core.Semantic;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace McpMemory.Storage.Arrow.Graphs;

/// <summary>
/// The knowledge graphs of the owning process, one per namespace under <c>graphs/</c> in the data directory, opened on
/// first use (and in the background at start). A background loop embeds changed entities in batches so that they can
/// be found by meaning, and writes snapshots when they are due.
/// </summary>
internal sealed partial class ArrowGraphStore : IKnowledgeGraphStore, IAsyncDisposable
{
    /// <summary>The folder of the graphs in a data directory (and in a backup).</summary>
    public const string GraphsFolder = "graphs";
    private const int EmbedBatch = 32;
    private readonly ConcurrentDictionary<string, Lazy<Task<GraphNamespace>>> _graphs = new(StringComparer.Ordinal);
    private readonly Channel<GraphNamespace> _signals = Channel.CreateUnbounded<GraphNamespace>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly IEmbeddingGenerator<string, Embedding<float>> _embedder;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly string _root;
    private readonly string _model;
    private readonly Task _loop;

    public ArrowGraphStore(string dataDirectory, IEmbeddingGenerator<string, Embedding<float>> embedder, string model, ILogger logger, TimeProvider time)
    {
        _root = Path.Combine(dataDirectory, GraphsFolder);
        _embedder = embedder;
        _model = model;
        _logger = logger;
        _time = time;
        _loop = Task.Run(() => EmbedLoopAsync(_stopping.Token));
        if (Directory.Exists(_root))
        {
            foreach (var directory in Directory.GetDirectories(_root))
            {
                _ = GetAsync(Path.GetFileName(directory));
            }
        }
    }

    public async Task<GraphResponse> ExecuteAsync(string ns, GraphRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var graph = await GetAsync(ns).ConfigureAwait(false);
        var now = Truncate(_time.GetUtcNow());
        if (KnowledgeGraph.IsWrite(request.Op))
        {
            var response = graph.Write(request, now);
            _signals.Writer.TryWrite(graph);
            return response;
        }

        if (request.Op == GraphOps.Stats)
        {
            return new GraphResponse { Stats = graph.Stats() };
        }

        if (request.WaitForEmbeddings)
        {
            _signals.Writer.TryWrite(graph);
            await graph.WaitForEmbeddingsAsync(cancellationToken).ConfigureAwait(false);
        }

        float[]? vector = null;
        if (KnowledgeGraph.NeedsQueryVector(request) && graph.Graph.EmbeddingDimensions is not null)
        {
            try
            {
                var embeddings = await _embedder.GenerateAsync([request.Query!], EmbeddingInputType.ForQuery, cancellationToken).ConfigureAwait(false);
                vector = embeddings[0].Vector.ToArray();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Search by meaning is a bonus over the text match: without the model, text and keywords still answer.
                LogQueryEmbedFailed(_logger, ns, ex);
            }
        }

        return graph.Read(request, now, vector);
    }

    /// <summary>Writes every graph into <paramref name="root"/>/NAME (snapshot and vectors); returns what each holds.</summary>
    public async Task<List<(string Name, int Entities, int Relations)>> BackupAsync(string root, CancellationToken cancellationToken)
    {
        var result = new List<(string, int, int)>();
        foreach (var name in Names())
        {
            var graph = await GetAsync(name).ConfigureAwait(false);
            if (graph.Graph.EntityCount == 0 && graph.Graph.RelationCount == 0 && !Directory.Exists(graph.Directory))
            {
                continue;
            }

            var (entities, relations) = await graph.BackupToAsync(Path.Combine(root, name), cancellationToken).ConfigureAwait(false);
            result.Add((name, entities, relations));
        }

        return result;
    }

    /// <summary>Counts of every graph that holds anything.</summary>
    public async Task<List<GraphStats>> StatsAsync()
    {
        var stats = new List<GraphStats>();
        foreach (var name in Names())
        {
            var graph = await GetAsync(name).ConfigureAwait(false);
            var counts = graph.Stats();
            if (counts.Entities + counts.Relations + counts.Facts + counts.Predicates > 0)
            {
                stats.Add(counts);
            }
        }

        return stats;
    }

    /// <summary>The namespaces that have a graph, on disk or open.</summary>
    public IReadOnlyList<string> Names() =>
        (Directory.Exists(_root) ? Directory.GetDirectories(_root).Select(Path.GetFileName).OfType<string>() : [])
            .Union(_graphs.Keys, StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>Opens a graph folder read-only as a restore check: how many entities and relations it holds.</summary>
    public static (int Entities, int Relations) Inspect(string name, string directory, ILogger logger)
    {
        using var graph = GraphNamespace.Open(name, directory, "", logger);
        return (graph.Graph.EntityCount, graph.Graph.RelationCount);
    }

    /// <summary>Waits until every entity of <paramref name="ns"/> is embedded.</summary>
    public async Task WaitForEmbeddingsAsync(string ns, CancellationToken cancellationToken)
    {
        var graph = await GetAsync(ns).ConfigureAwait(false);
        _signals.Writer.TryWrite(graph);
        await graph.WaitForEmbeddingsAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _signals.Writer.TryComplete();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        foreach (var lazy in _graphs.Values)
        {
            GraphNamespace graph;
            try
            {
                graph = await lazy.Value.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is McpMemoryException or IOException)
            {
                continue;
            }

            if (graph.Dirty)
            {
                try
                {
                    await graph.SnapshotAsync(CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    // The log still holds everything; only the next start is slower.
                    LogSnapshotFailed(_logger, graph.Name, ex);
                }
            }

            graph.Dispose();
        }

        _stopping.Dispose();
    }

    private Task<GraphNamespace> GetAsync(string ns)
    {
        var lazy = _graphs.GetOrAdd(ns, name => new Lazy<Task<GraphNamespace>>(() => Task.Run(() =>
        {
            var graph = GraphNamespace.Open(name, Path.Combine(_root, name), _model, _logger);
            _signals.Writer.TryWrite(graph);
            return graph;
        })));
        var task = lazy.Value;
        if (task.IsFaulted)
        {
            // A graph that failed to open (a damaged snapshot) is tried again on the next call.
            _graphs.TryRemove(new KeyValuePair<string, Lazy<Task<GraphNamespace>>>(ns, lazy));
        }

        return task;
    }

    private async Task EmbedLoopAsync(CancellationToken cancellationToken)
    {
        var queue = new List<GraphNamespace>();
        while (await _signals.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (_signals.Reader.TryRead(out var signalled))
            {
                if (!queue.Contains(signalled))
                {
                    queue.Add(signalled);
                }
            }

            // Round-robin over the graphs that have work, a batch at a time, until none has.
            while (queue.Count > 0)
            {
                var graph = queue[0];
                queue.RemoveAt(0);
                var handled = await graph.EmbedPendingAsync(EmbedAsync, EmbedBatch, cancellationToken).ConfigureAwait(false);
                if (handled > 0)
                {
                    queue.Add(graph);
                }
                else if (graph.SnapshotDue)
                {
                    try
                    {
                        await graph.SnapshotAsync(cancellationToken).ConfigureAwait(false);
                    }
                    catch (IOException ex)
                    {
                        LogSnapshotFailed(_logger, graph.Name, ex);
                    }
                }

                while (_signals.Reader.TryRead(out var more))
                {
                    if (!queue.Contains(more))
                    {
                        queue.Add(more);
                    }
                }
            }
        }
    }

    private async Task<IReadOnlyList<float[]>> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        var embeddings = await _embedder.GenerateAsync(texts, cancellationToken: cancellationToken).ConfigureAwait(false);
        return embeddings.Select(e => e.Vector.ToArray()).ToList();
    }

    // Times are kept to the microsecond, as episode times are, so that they survive a round trip through JSON unchanged.
    private static DateTimeOffset Truncate(DateTimeOffset time) => new(time.UtcTicks - (time.UtcTicks % 10), TimeSpan.Zero);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Embedding a graph query in namespace {Namespace} failed; answering by text and keywords")]
    private static partial void LogQueryEmbedFailed(ILogger logger, string @namespace, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing the snapshot of the knowledge graph of namespace {Namespace} failed; its log is kept")]
    private static partial void LogSnapshotFailed(ILogger logger, string @namespace, Exception exception);
}
