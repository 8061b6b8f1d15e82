using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace McpMemory.Server.Hosting;

/// <summary>
/// Refuses browser requests from foreign pages (DNS-rebinding and cross-site attacks): a request that carries an
/// <c>Origin</c> header gets 403 unless the origin is a loopback one or on the allow-list. Requests without
/// <c>Origin</c> (agents, command-line clients) pass.
/// </summary>
internal sealed partial class OriginGuard(RequestDelegate next, HttpHostOptions options, ILogger<OriginGuard> logger)
{
    private readonly HashSet<string> _allowed = new(options.AllowedOrigins.Select(o => o.TrimEnd('/')), StringComparer.OrdinalIgnoreCase);

    public Task InvokeAsync(HttpContext context)
    {
        var origin = context.Request.Headers.Origin.ToString();
        if (string.IsNullOrEmpty(origin) || IsAllowed(origin))
        {
            return next(context);
        }

        LogRefused(logger, origin);
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return context.Response.WriteAsJsonAsync(new
        {
            jsonrpc = "2.0",
            error = new { code = -32600, message = $"Origin '{origin}' is not allowed. Add it to McpMemory:Http:AllowedOrigins to let that page use this server." },
            id = (string?)null,
        });
    }

    private bool IsAllowed(string origin)
    {
        if (_allowed.Contains(origin.TrimEnd('/')) || _allowed.Contains("*"))
        {
            return true;
        }

        return Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && IsLoopbackHost(uri.Host);
    }

    public static bool IsLoopbackHost(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ||
        (System.Net.IPAddress.TryParse(host.Trim('[', ']'), out var address) && System.Net.IPAddress.IsLoopback(address));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a request from origin {Origin}")]
    private static partial void LogRefused(ILogger logger, string origin);
}
