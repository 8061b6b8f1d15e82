using System.Text.Json.Serialization.Metadata;
using McpMemory.Core;
using McpMemory.Core.Episodic;
using McpMemory.Core.Semantic;
using McpMemory.Core.Storage;
using Microsoft.Extensions.Logging;

namespace McpMemory.Storage.Arrow.Sharing;

/// <summary>
/// Lets several processes (Claude Desktop and an IDE each starting <c>mcp-memory</c>, a CLI command beside a server)
/// share one data directory safely. The first process takes the directory's OS lock and owns the store; it serves the
/// others over a Unix domain socket in the directory, and they forward every call to it, so all see each other's
/// writes at once and only one process ever writes the files. When the owner dies the kernel drops its lock, and the
/// next call of a forwarder takes the lock, recovers the store from its log and becomes the owner; calls that were in
/// flight are retried there (they are idempotent: ids are chosen before a write is sent).
/// </summary>
internal sealed partial class SharedEpisodeStore : IEpisodeStore, IStoreMaintenance, IKnowledgeGraphStore, IAsyncDisposable
{
    private static readonly TimeSpan OwnerWait = TimeSpan.FromSeconds(30);
    private readonly string _dataDirectory;
    private readonly Func<CancellationToken, Task<ArrowEpisodeStore>> _openLocal;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _switchGate = new(1, 1);
    private Backend? _backend;
    private bool _disposed;

    public SharedEpisodeStore(string dataDirectory, Func<CancellationToken, Task<ArrowEpisodeStore>> openLocal, ILogger logger, TimeProvider time)
    {
        _dataDirectory = dataDirectory;
        _openLocal = openLocal;
        _logger = logger;
        _time = time;
    }

    /// <summary>True when this process owns the store.</summary>
    public bool IsOwner => _backend?.Local is not null;

    /// <summary>Connects or takes ownership now, so that the first call does not wait for it.</summary>
    public Task StartAsync(CancellationToken cancellationToken) => GetBackendAsync(null, cancellationToken);

    /// <summary>The local store, when this process owns it (for maintenance such as checkpoints).</summary>
    public async Task<ArrowEpisodeStore?> GetLocalAsync(CancellationToken cancellationToken) =>
        (await GetBackendAsync(null, cancellationToken).ConfigureAwait(false)).Local;

    public Task<IReadOnlyList<AddOutcome>> AddAsync(string ns, IReadOnlyList<Episode> episodes, IProgress<int>? progress = null, CancellationToken cancellationToken = default) =>
        CallAsync(
            (local, ct) => local.AddAsync(ns, episodes, progress, ct),
            RpcMethods.Add, ns, new AddRequest(episodes), RpcJsonContext.Default.AddRequest, RpcJsonContext.Default.IReadOnlyListAddOutcome, progress, cancellationToken);

    public Task<IReadOnlyList<Episode>> GetAsync(string ns, IReadOnlyList<string> ids, CancellationToken cancellationToken = default) =>
        CallAsync(
            (local, ct) => local.GetAsync(ns, ids, ct),
            RpcMethods.Get, ns, new GetRequest(ids), RpcJsonContext.Default.GetRequest, RpcJsonContext.Default.IReadOnlyListEpisode, null, cancellationToken);

    public Task<IReadOnlyList<Episode>> GetSurroundingAsync(string ns, string id, int before, int after, CancellationToken cancellationToken = default) =>
        CallAsync(
            (local, ct) => local.GetSurroundingAsync(ns, id, before, after, ct),
            RpcMethods.Surrounding, ns, new SurroundingRequest(id, before, after), RpcJsonContext.Default.SurroundingRequest, RpcJsonContext.Default.IReadOnlyListEpisode, null, cancellationToken);

    public Task<EpisodePage> ListAsync(string ns, EpisodeListQuery query, CancellationToken cancellationToken = default) =>
        CallAsync(
            (local, ct) => local.ListAsync(ns, query, ct),
            RpcMethods.List, ns, query, RpcJsonContext.Default.EpisodeListQuery, RpcJsonContext.Default.EpisodePage, null, cancellationToken);

    public Task<IReadOnlyList<string>> DeleteAsync(string ns, EpisodeDeletion deletion, CancellationToken cancellationToken = default) =>
        CallAsync(
            (local, ct) => local.DeleteAsync(ns, deletion, ct),
            RpcMethods.Delete, ns, deletion, RpcJsonContext.Default.EpisodeDeletion, RpcJsonContext.Default.IReadOnlyListString, null, cancellationToken);

    public Task<IReadOnlyList<EpisodeHit>> SearchAsync(string ns, EpisodeSearchQuery query, CancellationToken cancellationToken = default) =>
        CallAsync(
            (local, ct) => local.SearchAsync(ns, query, ct),
            RpcMethods.Search, ns, query, RpcJsonContext.Default.EpisodeSearchQuery, RpcJsonContext.Default.IReadOnlyListEpisodeHit, null, cancellationToken);

    public Task<ReindexResult> ReindexAsync(string ns, string? model, IProgress<int>? progress = null, CancellationToken cancellationToken = default) =>
        CallAsync(
            (local, ct) => local.ReindexAsync(ns, model, progress, ct),
            RpcMethods.Reindex, ns, new ReindexRequest(model), RpcJsonContext.Default.ReindexRequest, RpcJsonContext.Default.ReindexResult, progress, cancellationToken);

    public Task<GraphResponse> ExecuteAsync(string ns, GraphRequest request, CancellationToken cancellationToken = default) =>
        CallAsync(
            (local, ct) => local.Graphs.ExecuteAsync(ns, request, ct),
            RpcMethods.Graph, ns, request, RpcJsonContext.Default.GraphRequest, RpcJsonContext.Default.GraphResponse, null, cancellationToken);

    public async Task<StoreStats> GetStatsAsync(CancellationToken cancellationToken = default)
    {
        var stats = await CallAsync(
            (local, ct) => local.GetStatsAsync(ct),
            RpcMethods.Stats, null, new GetRequest([]), RpcJsonContext.Default.GetRequest, RpcJsonContext.Default.StoreStats, null, cancellationToken).ConfigureAwait(false);
        return IsOwner ? stats : stats with { Role = "forwarder" };
    }

    public async ValueTask DisposeAsync()
    {
        await _switchGate.WaitAsync().ConfigureAwait(false);
        try
        {
            _disposed = true;
            if (_backend is not null)
            {
                await _backend.DisposeAsync().ConfigureAwait(false);
                _backend = null;
            }
        }
        finally
        {
            _switchGate.Release();
        }
    }

    private async Task<TResult> CallAsync<TBody, TResult>(
        Func<ArrowEpisodeStore, CancellationToken, Task<TResult>> local,
        string method,
        string? ns,
        TBody body,
        JsonTypeInfo<TBody> bodyType,
        JsonTypeInfo<TResult> resultType,
        IProgress<int>? progress,
        CancellationToken cancellationToken)
    {
        Backend? failed = null;
        while (true)
        {
            var backend = await GetBackendAsync(failed, cancellationToken).ConfigureAwait(false);
            if (backend.Local is { } store)
            {
                return await local(store, cancellationToken).ConfigureAwait(false);
            }

            try
            {
                return await backend.Remote!.CallAsync(method, ns, body, bodyType, resultType, progress, cancellationToken).ConfigureAwait(false);
            }
            catch (OwnerLostException)
            {
                LogOwnerLost(_logger, method);
                failed = backend;
            }
        }
    }

    private async Task<Backend> GetBackendAsync(Backend? failed, CancellationToken cancellationToken)
    {
        var current = _backend;
        if (current is not null && current != failed && !current.IsBroken)
        {
            return current;
        }

        await _switchGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_backend is not null && _backend != failed && !_backend.IsBroken)
            {
                return _backend;
            }

            if (_backend is not null)
            {
                await _backend.DisposeAsync().ConfigureAwait(false);
                _backend = null;
            }

            try
            {
                _backend = await ConnectOrOwnAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new McpMemoryException(
                    McpMemoryErrorCodes.StorageFailure,
                    $"The data directory '{_dataDirectory}' cannot be used ({ex.Message}). Check --data-dir (or MCPMEMORY_DATA_DIR) and the folder's permissions.",
                    ex);
            }

            return _backend;
        }
        finally
        {
            _switchGate.Release();
        }
    }

    private async Task<Backend> ConnectOrOwnAsync(CancellationToken cancellationToken)
    {
        var socketPath = StoreSocket.PathFor(_dataDirectory);
        var started = _time.GetTimestamp();
        while (true)
        {
            if (StoreLock.TryAcquire(_dataDirectory) is { } storeLock)
            {
                try
                {
                    var store = await _openLocal(cancellationToken).ConfigureAwait(false);
                    var server = StoreRpcServer.Start(store, socketPath, _logger);
                    LogOwner(_logger, _dataDirectory);
                    return new Backend(storeLock, store, server, null);
                }
                catch
                {
                    storeLock.Dispose();
                    throw;
                }
            }

            var client = await StoreRpcClient.TryConnectAsync(socketPath, cancellationToken).ConfigureAwait(false);
            if (client is not null)
            {
                LogForwarder(_logger, _dataDirectory);
                return new Backend(null, null, null, client);
            }

            // The owner holds the lock but is still opening the store (or is exiting): wait for it.
            if (_time.GetElapsedTime(started) > OwnerWait)
            {
                throw new McpMemoryException(
                    McpMemoryErrorCodes.Unavailable,
                    $"Another mcp-memory process holds '{_dataDirectory}' but does not answer on '{socketPath}'. Stop the stuck process or use another --data-dir.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), _time, cancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "This process owns the store in {DataDirectory}")]
    private static partial void LogOwner(ILogger logger, string dataDirectory);

    [LoggerMessage(Level = LogLevel.Information, Message = "Another process owns the store in {DataDirectory}; forwarding to it")]
    private static partial void LogForwarder(ILogger logger, string dataDirectory);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The owning process went away during {Method}; failing over")]
    private static partial void LogOwnerLost(ILogger logger, string method);

    private sealed class Backend(StoreLock? storeLock, ArrowEpisodeStore? local, StoreRpcServer? server, StoreRpcClient? remote) : IAsyncDisposable
    {
        public ArrowEpisodeStore? Local { get; } = local;

        public StoreRpcClient? Remote { get; } = remote;

        public bool IsBroken => Remote?.IsBroken ?? false;

        public async ValueTask DisposeAsync()
        {
            if (server is not null)
            {
                await server.DisposeAsync().ConfigureAwait(false);
            }

            if (Local is not null)
            {
                await Local.DisposeAsync().ConfigureAwait(false);
            }

            if (Remote is not null)
            {
                await Remote.DisposeAsync().ConfigureAwait(false);
            }

            storeLock?.Dispose();
        }
    }
}
