using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace McpMemory.Server.Hosting;

/// <summary>Authenticates <c>Authorization: Bearer TOKEN</c> against the configured tokens; the principal is the token's owner.</summary>
internal sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    HttpHostOptions hostOptions) : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "Bearer";

    private const string MissingToken = "Missing or unknown bearer token: send 'Authorization: Bearer <token>' with a token from McpMemory:Http:Tokens.";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var token = Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim());
        foreach (var (candidate, principal) in hostOptions.Tokens)
        {
            if (CryptographicOperations.FixedTimeEquals(token, Encoding.UTF8.GetBytes(candidate)))
            {
                var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, principal), new Claim(ClaimTypes.NameIdentifier, principal)], SchemeName);
                return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
            }
        }

        return Task.FromResult(AuthenticateResult.Fail("The bearer token is not known to this server."));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = 401;
        Response.Headers.WWWAuthenticate = "Bearer realm=\"mcp-memory\"";
        if (Request.Path.StartsWithSegments("/a2a"))
        {
            // Not a JSON-RPC error: A2A clients read code -32001 as "task not found". The A2A SDKs report this body
            // (the REST binding's error shape) with the HTTP status instead.
            return Response.WriteAsJsonAsync(new
            {
                error = new { code = 401, status = "UNAUTHENTICATED", message = MissingToken },
            });
        }

        return Response.WriteAsJsonAsync(new
        {
            jsonrpc = "2.0",
            error = new { code = -32001, message = MissingToken },
            id = (string?)null,
        });
    }
}
