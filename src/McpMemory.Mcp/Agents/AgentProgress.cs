using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpMemory.Mcp.Agents;

/// <summary>
/// Sends a peer's progress as MCP progress notifications under the caller's token, in order; <see cref="FlushAsync"/>
/// waits for the last so the client has them all before the result. Nothing is sent when the caller asked for no
/// progress, and a client that went away does not fail the call.
/// </summary>
internal sealed class AgentProgress(RequestContext<CallToolRequestParams> request)
{
    private readonly Lock _gate = new();
    private Task _sent = Task.CompletedTask;

    public void Report(int progress, int? total, string message)
    {
        if (request?.Params?.ProgressToken is not { } token)
        {
            return;
        }

        var value = new ProgressNotificationValue { Progress = progress, Total = total, Message = message };
        lock (_gate)
        {
            _sent = _sent.ContinueWith(_ => SendAsync(token, value), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
        }
    }

    public Task FlushAsync()
    {
        lock (_gate)
        {
            return _sent;
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
