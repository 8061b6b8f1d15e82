using McpMemory.Storage.Arrow.Sharing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace McpMemory.Storage.Arrow;

/// <summary>
/// Opens (or connects to) the store and loads the embedding model in the background when the host starts, so the
/// server answers its first protocol messages at once and the first tool call finds everything ready.
/// </summary>
internal sealed partial class StoreWarmup(SharedEpisodeStore store, IEmbeddingGenerator<string, Embedding<float>> embedder, ILogger<StoreWarmup> logger) : IHostedService
{
    // Started a moment after the host, so that loading the model (CPU-heavy on two cores) does not slow down the
    // client's initialize and tools/list; a tool call that comes earlier opens the store itself.
    private static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(1000);
    private readonly CancellationTokenSource _stopping = new();

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = Task.Run(() => WarmUpAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
    }

    private async Task WarmUpAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(Delay, cancellationToken).ConfigureAwait(false);
            await store.StartAsync(cancellationToken).ConfigureAwait(false);
            if (store.IsOwner)
            {
                await embedder.GenerateAsync(["warm up"], cancellationToken: cancellationToken).ConfigureAwait(false);
            }

            LogReady(logger, store.IsOwner ? "owner" : "forwarder");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // The first tool call retries and reports the problem to the client.
            LogWarmUpFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Store ready ({Role})")]
    private static partial void LogReady(ILogger logger, string role);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Opening the store in the background failed; the first call will try again")]
    private static partial void LogWarmUpFailed(ILogger logger, Exception exception);
}
