using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using McpMemory.Core;
using McpMemory.Core.Storage;
using Microsoft.Extensions.Logging;

namespace McpMemory.Storage.Arrow.Sharing;

/// <summary>
/// Serves the store to other processes on the same data directory over a Unix domain socket, one JSON message per
/// line. Only the owner runs it; calls are authorised by the forwarding process before they are sent.
/// </summary>
internal sealed partial class StoreRpcServer : IAsyncDisposable
{
    private readonly IEpisodeStore _store;
    private readonly ILogger _logger;
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _acceptLoop;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Socket, Task> _connections = new();
    private static readonly ReadOnlyMemory<byte> NewLine = "\n"u8.ToArray();
    private readonly string _path;

    private StoreRpcServer(IEpisodeStore store, string path, Socket listener, ILogger logger)
    {
        _store = store;
        _path = path;
        _listener = listener;
        _logger = logger;
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>Starts listening at <paramref name="path"/>. The caller holds the store lock, so a file left there is stale.</summary>
    public static StoreRpcServer Start(IEpisodeStore store, string path, ILogger logger)
    {
        if (File.Exists(path))
        {
            File.Delete(path);
        }

        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        listener.Listen(64);
        return new StoreRpcServer(store, path, listener, logger);
    }

    /// <summary>
    /// Stops serving: no new connections, every open one is closed, and every call in flight has finished (or been
    /// dropped unanswered, so its forwarder fails over) before this returns, so the store can be closed safely.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        try
        {
            await _acceptLoop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        foreach (var socket in _connections.Keys)
        {
            socket.Dispose();
        }

        await Task.WhenAll(_connections.Values).ConfigureAwait(false);

        try
        {
            File.Delete(_path);
        }
        catch (IOException)
        {
        }

        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        var token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                return;
            }

            _connections[client] = Task.Run(async () =>
            {
                try
                {
                    await ServeAsync(client, token).ConfigureAwait(false);
                }
                finally
                {
                    _connections.TryRemove(client, out _);
                }
            }, CancellationToken.None);
        }
    }

    private async Task ServeAsync(Socket client, CancellationToken cancellationToken)
    {
        using var _ = client;
        await using var stream = new NetworkStream(client, ownsSocket: false);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var outgoing = Channel.CreateUnbounded<RpcResponse>(new UnboundedChannelOptions { SingleReader = true });
        var writer = Task.Run(() => WriteLoopAsync(outgoing.Reader, stream), CancellationToken.None);
        var inFlight = new List<Task>();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
                if (line is null)
                {
                    break;
                }

                var request = JsonSerializer.Deserialize(line, RpcJsonContext.Default.RpcRequest);
                if (request is null)
                {
                    continue;
                }

                inFlight.RemoveAll(t => t.IsCompleted);
                inFlight.Add(Task.Run(() => HandleAsync(request, outgoing.Writer, cancellationToken), CancellationToken.None));
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or JsonException or ObjectDisposedException)
        {
            LogConnectionEnded(_logger, ex.Message);
        }

        await Task.WhenAll(inFlight).ConfigureAwait(false);
        outgoing.Writer.TryComplete();
        await writer.ConfigureAwait(false);
    }

    private static async Task WriteLoopAsync(ChannelReader<RpcResponse> outgoing, Stream stream)
    {
        var broken = false;
        await foreach (var message in outgoing.ReadAllAsync().ConfigureAwait(false))
        {
            if (broken)
            {
                continue;
            }

            try
            {
                var bytes = JsonSerializer.SerializeToUtf8Bytes(message, RpcJsonContext.Default.RpcResponse);
                await stream.WriteAsync(bytes).ConfigureAwait(false);
                await stream.WriteAsync(NewLine).ConfigureAwait(false);
                await stream.FlushAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
            {
                // The forwarder went away; it retries its calls elsewhere.
                broken = true;
            }
        }
    }

    private async Task HandleAsync(RpcRequest request, ChannelWriter<RpcResponse> outgoing, CancellationToken cancellationToken)
    {
        RpcResponse response;
        try
        {
            var progress = new RpcProgress(value => outgoing.TryWrite(new RpcResponse { Id = request.Id, Progress = value }));
            response = new RpcResponse { Id = request.Id, Result = await DispatchAsync(request, progress, cancellationToken).ConfigureAwait(false) };
        }
        catch (McpMemoryException ex)
        {
            response = new RpcResponse { Id = request.Id, Error = new RpcError { Code = ex.Code, Message = ex.Message } };
        }
        catch (OperationCanceledException)
        {
            return;
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: no answer, so the forwarder sees the connection drop and retries at the next owner.
            return;
        }
        catch (Exception ex)
        {
            LogCallFailed(_logger, request.Method, ex);
            response = new RpcResponse { Id = request.Id, Error = new RpcError { Code = "internal", Message = $"The store failed: {ex.Message}" } };
        }

        outgoing.TryWrite(response);
    }

    private async Task<JsonElement> DispatchAsync(RpcRequest request, IProgress<int> progress, CancellationToken cancellationToken)
    {
        var ns = request.Ns ?? "";
        var ctx = RpcJsonContext.Default;
        switch (request.Method)
        {
            case RpcMethods.Add:
                var add = request.Body.Deserialize(ctx.AddRequest)!;
                return JsonSerializer.SerializeToElement(await _store.AddAsync(ns, add.Episodes, progress, cancellationToken).ConfigureAwait(false), ctx.IReadOnlyListAddOutcome);
            case RpcMethods.Get:
                var get = request.Body.Deserialize(ctx.GetRequest)!;
                return JsonSerializer.SerializeToElement(await _store.GetAsync(ns, get.Ids, cancellationToken).ConfigureAwait(false), ctx.IReadOnlyListEpisode);
            case RpcMethods.Surrounding:
                var around = request.Body.Deserialize(ctx.SurroundingRequest)!;
                return JsonSerializer.SerializeToElement(await _store.GetSurroundingAsync(ns, around.Id, around.Before, around.After, cancellationToken).ConfigureAwait(false), ctx.IReadOnlyListEpisode);
            case RpcMethods.List:
                return JsonSerializer.SerializeToElement(await _store.ListAsync(ns, request.Body.Deserialize(ctx.EpisodeListQuery)!, cancellationToken).ConfigureAwait(false), ctx.EpisodePage);
            case RpcMethods.Delete:
                return JsonSerializer.SerializeToElement(await _store.DeleteAsync(ns, request.Body.Deserialize(ctx.EpisodeDeletion)!, cancellationToken).ConfigureAwait(false), ctx.IReadOnlyListString);
            case RpcMethods.Search:
                return JsonSerializer.SerializeToElement(await _store.SearchAsync(ns, request.Body.Deserialize(ctx.EpisodeSearchQuery)!, cancellationToken).ConfigureAwait(false), ctx.IReadOnlyListEpisodeHit);
            case RpcMethods.Reindex:
                var reindex = request.Body.Deserialize(ctx.ReindexRequest)!;
                return JsonSerializer.SerializeToElement(await ((IStoreMaintenance)_store).ReindexAsync(ns, reindex.Model, progress, cancellationToken).ConfigureAwait(false), ctx.ReindexResult);
            case RpcMethods.Stats:
                return JsonSerializer.SerializeToElement(await _store.GetStatsAsync(cancellationToken).ConfigureAwait(false), ctx.StoreStats);
            case RpcMethods.Backup when _store is ArrowEpisodeStore local:
                var backup = request.Body.Deserialize(ctx.BackupRequest)!;
                return JsonSerializer.SerializeToElement(await local.BackupAsync(backup.Directory, progress, cancellationToken).ConfigureAwait(false), ctx.BackupSummary);
            case RpcMethods.Graph when _store is ArrowEpisodeStore owner:
                var graph = request.Body.Deserialize(ctx.GraphRequest)!;
                return JsonSerializer.SerializeToElement(await owner.Graphs.ExecuteAsync(ns, graph, cancellationToken).ConfigureAwait(false), ctx.GraphResponse);
            default:
                throw new McpMemoryException(McpMemoryErrorCodes.InvalidArgument, $"Unknown store method '{request.Method}': the two processes run different mcp-memory versions. Restart both.");
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "A forwarding process disconnected: {Reason}")]
    private static partial void LogConnectionEnded(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Store call {Method} from a forwarding process failed")]
    private static partial void LogCallFailed(ILogger logger, string method, Exception exception);

    private sealed class RpcProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
