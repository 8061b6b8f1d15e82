using System.Security.Cryptography;
using System.Text;
using McpMemory.A2A.Execution;
using McpMemory.A2A.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace McpMemory.A2A.Server;

/// <summary>Serves <c>/.well-known/agent-card.json</c> (GET and HEAD) with a strong ETag, <c>Cache-Control</c>, and 304 on a matching <c>If-None-Match</c>.</summary>
internal sealed class AgentCardEndpoint(IOptions<A2AServerOptions> options, IA2AAgent agent)
{
    public const string Path = "/.well-known/agent-card.json";

    public async Task HandleAsync(HttpContext http)
    {
        var v1 = A2AVersions.Parse(http.Request.Headers[A2AVersions.HeaderName]) == A2AFamily.V1;
        var card = AgentCardWriter.Write(options.Value, agent, BaseUrl(http.Request), v1);
        var bytes = Encoding.UTF8.GetBytes(A2AWire.ToJson(card));
        var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes))[..32] + "\"";
        http.Response.Headers.ETag = etag;
        http.Response.Headers.CacheControl = "public, max-age=300";
        http.Response.Headers.Vary = A2AVersions.HeaderName;
        var ifNoneMatch = http.Request.Headers.IfNoneMatch.ToString();
        if (ifNoneMatch.Length > 0 && (ifNoneMatch.Trim() == "*" || ifNoneMatch.Split(',').Any(t => t.Trim().TrimStart('W', '/') == etag)))
        {
            http.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        http.Response.ContentType = "application/json";
        http.Response.ContentLength = bytes.Length;
        if (HttpMethods.IsHead(http.Request.Method))
        {
            return;
        }

        await http.Response.Body.WriteAsync(bytes, http.RequestAborted).ConfigureAwait(false);
    }

    public static string BaseUrl(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return $"{request.Scheme}://{request.Host}{request.PathBase}";
    }
}
