using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace McpMemory.Server.Hosting;

/// <summary>
/// Refuses requests whose <c>Host</c> header names a host this server does not serve (DNS rebinding): on a loopback
/// binding only loopback names pass unless <c>McpMemory:Http:AllowedHosts</c> adds more; bound elsewhere, any host
/// passes unless that list is given. The refusal is a 400 with a JSON-RPC error that says what to change.
/// </summary>
internal sealed partial class HostGuard(RequestDelegate next, IReadOnlyCollection<string> allowedHosts, ILogger<HostGuard> logger)
{
    private readonly HashSet<string> _allowed = new(allowedHosts, StringComparer.OrdinalIgnoreCase);

    public Task InvokeAsync(HttpContext context)
    {
        var host = context.Request.Host.Host;
        if (_allowed.Contains("*") || _allowed.Contains(host) || _allowed.Contains(host.Trim('[', ']')))
        {
            return next(context);
        }

        LogRefused(logger, host);
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        return context.Response.WriteAsJsonAsync(new
        {
            jsonrpc = "2.0",
            error = new { code = -32600, message = $"Host '{host}' is not served here (allowed: {string.Join(", ", _allowed)}). Connect by one of those names, or add this one to McpMemory:Http:AllowedHosts." },
            id = (string?)null,
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a request for host {Host}")]
    private static partial void LogRefused(ILogger logger, string host);
}
