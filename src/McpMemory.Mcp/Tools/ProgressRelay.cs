using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpMemory.Mcp.Tools;

/// <summary>
/// Relays an upstream tool's progress notifications to the client of <c>tool_call</c>, under the client's own progress
/// token and in order; nothing is sent when the client asked for no progress. Best effort: a client that went away does
/// not fail the call.
/// </summary>
internal sealed class ProgressRelay(RequestContext<CallToolRequestParams> request) : IProgress<ProgressNotificationValue>
{
    private readonly Lock _gate = new();
    private Task _sent = Task.CompletedTask;

    /// <summary>The relay for <paramref name="request"/>, or null when its client asked for no progress.</summary>
    public static ProgressRelay? For(RequestContext<CallToolRequestParams> request) =>
        request?.Params?.ProgressToken is null ? null : new ProgressRelay(request);

    public void Report(ProgressNotificationValue value)
    {
        if (request.Params?.ProgressToken is not { } token)
        {
            return;
        }

        lock (_gate)
        {
            _sent = _sent.ContinueWith(_ => SendAsync(token, value), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
        }
    }

    private async Task SendAsync(ProgressToken token, ProgressNotificationValue value)
    {
        try
        {
            await request.Server.NotifyProgressAsync(token, value).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _ = ex;
        }
    }
}
