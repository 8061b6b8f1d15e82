using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using McpMemory.Core;

namespace McpMemory.Storage.Arrow.Sharing;

/// <summary>
/// A connection to the process that owns the store. Calls are multiplexed by id; when the connection breaks, every
/// call in flight fails with <see cref="OwnerLostException"/> so that the caller can fail over and retry.
/// </summary>
internal sealed class StoreRpcClient : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<long, Call> _calls = new();
    private readonly Task _readLoop;
    private long _nextId;
    private volatile bool _broken;

    private StoreRpcClient(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: false);
        _readLoop = Task.Run(ReadLoopAsync);
    }

    public bool IsBroken => _broken;

    /// <summary>Connects to the owner's socket, or returns null when nobody listens there.</summary>
    public static async Task<StoreRpcClient?> TryConnectAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken).ConfigureAwait(false);
            return new StoreRpcClient(socket);
        }
        catch (SocketException)
        {
            socket.Dispose();
            return null;
        }
    }

    public async Task<TResult> CallAsync<TBody, TResult>(string method, string? ns, TBody body, JsonTypeInfo<TBody> bodyType, JsonTypeInfo<TResult> resultType, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _nextId);
        var call = new Call(progress);
        _calls[id] = call;
        try
        {
            if (_broken)
            {
                throw new OwnerLostException();
            }

            var request = new RpcRequest { Id = id, Method = method, Ns = ns, Body = JsonSerializer.SerializeToElement(body, bodyType) };
            var bytes = JsonSerializer.SerializeToUtf8Bytes(request, RpcJsonContext.Default.RpcRequest);
            await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await _stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
                await _stream.WriteAsync("\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
                await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
            {
                _broken = true;
                throw new OwnerLostException();
            }
            finally
            {
                _writeLock.Release();
            }

            if (_broken)
            {
                call.Done.TrySetException(new OwnerLostException());
            }

            var response = await call.Done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (response.Error is { } error)
            {
                throw new McpMemoryException(error.Code, error.Message);
            }

            return response.Result is { } result
                ? result.Deserialize(resultType)!
                : throw new McpMemoryException(McpMemoryErrorCodes.Unavailable, "The owning mcp-memory process sent an empty answer. Restart both processes.");
        }
        finally
        {
            _calls.TryRemove(id, out _);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _broken = true;
        _socket.Dispose();
        try
        {
            await _readLoop.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
        }

        await _stream.DisposeAsync().ConfigureAwait(false);
        _writeLock.Dispose();
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            using var reader = new StreamReader(_stream, Encoding.UTF8, leaveOpen: true);
            while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                var response = JsonSerializer.Deserialize(line, RpcJsonContext.Default.RpcResponse);
                if (response is null || !_calls.TryGetValue(response.Id, out var call))
                {
                    continue;
                }

                if (response.Progress is { } progress && response.Result is null && response.Error is null)
                {
                    call.Progress?.Report(progress);
                }
                else
                {
                    call.Done.TrySetResult(response);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or JsonException)
        {
        }
        finally
        {
            _broken = true;
            foreach (var call in _calls.Values)
            {
                call.Done.TrySetException(new OwnerLostException());
            }
        }
    }

    private sealed class Call(IProgress<int>? progress)
    {
        public IProgress<int>? Progress { get; } = progress;

        public TaskCompletionSource<RpcResponse> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
