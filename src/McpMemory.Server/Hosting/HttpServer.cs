using System.Net;
using McpMemory.A2A;
using McpMemory.A2A.Server;
using McpMemory.Core;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.AspNetCore;

namespace McpMemory.Server.Hosting;

/// <summary>
/// Serves MCP over Streamable HTTP at <c>/mcp</c> and legacy HTTP+SSE at <c>/mcp/sse</c> (messages to
/// <c>/mcp/message</c>), and A2A: the agent card at <c>/.well-known/agent-card.json</c> and JSON-RPC (v1.0 and v0.3)
/// at <c>/a2a</c>, behind the same bearer tokens. Sessions are kept for clients that initialize (2025-11-25 and older: sampling, subscriptions,
/// SSE), and 2026-07-28 clients are served statelessly. Foreign origins get 403, foreign Host headers 400, and when
/// tokens are configured every request needs one.
/// </summary>
internal static class HttpServer
{
    public const string DefaultUrl = "http://127.0.0.1:5077";

    /// <param name="settings">The configuration and data directory.</param>
    /// <param name="urls">Where to listen, separated by ';'.</param>
    /// <param name="configureMcp">Adds to the MCP server after the memory tools; tests use it to serve the conformance
    /// suite's fixture tools through this same pipeline (transports, host and origin guards, authentication).</param>
    /// <param name="grpcUrls">Where to serve A2A over gRPC (HTTP/2 without TLS), separated by ';'; none when null.</param>
    public static WebApplication Build(ServerSettings settings, string urls, Action<IMcpServerBuilder>? configureMcp = null, string? grpcUrls = null)
    {
        var hostOptions = settings.Configuration.GetSection(HttpHostOptions.SectionName).Get<HttpHostOptions>() ?? new HttpHostOptions();
        var endpoints = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var grpcEndpoints = (grpcUrls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var loopbackOnly = endpoints.Concat(grpcEndpoints).All(IsLoopbackUrl);
        if (hostOptions.Tokens.Count == 0 && !loopbackOnly)
        {
            throw new McpMemoryException(
                McpMemoryErrorCodes.InvalidArgument,
                $"Refusing to serve '{urls}' without authentication: with no bearer tokens configured, mcp-memory only binds to loopback addresses (127.0.0.1, [::1], localhost). Configure McpMemory:Http:Tokens to serve other addresses.");
        }

        var principals = settings.Configuration.GetSection("McpMemory:Principals").GetChildren().Select(c => c.Key)
            .Append(settings.Configuration["McpMemory:LocalPrincipal"] ?? "local")
            .ToHashSet(StringComparer.Ordinal);
        foreach (var (token, principal) in hostOptions.Tokens)
        {
            if (string.IsNullOrWhiteSpace(token))
            {
                throw new McpMemoryException(McpMemoryErrorCodes.InvalidArgument, $"McpMemory:Http:Tokens has an empty token (for principal '{principal}'): use a long random string.");
            }

            if (!principals.Contains(principal))
            {
                throw new McpMemoryException(McpMemoryErrorCodes.InvalidArgument, $"A token in McpMemory:Http:Tokens names principal '{principal}', which is not configured: add it under McpMemory:Principals.");
            }
        }

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Configuration.AddConfiguration(settings.Configuration);
        if (grpcEndpoints.Length == 0)
        {
            builder.WebHost.UseKestrelCore().UseUrls(endpoints);
        }
        else
        {
            // gRPC needs HTTP/2, which without TLS must be the only protocol of its endpoint; so every endpoint is
            // listed explicitly with its protocols.
            builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
            {
                foreach (var url in endpoints)
                {
                    Listen(kestrel, url, HttpProtocols.Http1);
                }

                foreach (var url in grpcEndpoints)
                {
                    Listen(kestrel, url, HttpProtocols.Http2);
                }
            });
        }

        builder.Services.AddRoutingCore();
        builder.Logging.AddStderrLogging(settings.Configuration);
        builder.Services.AddSingleton(hostOptions);
        IReadOnlyCollection<string> allowedHosts = hostOptions.AllowedHosts.Count > 0 ? hostOptions.AllowedHosts : loopbackOnly ? ["localhost", "127.0.0.1", "::1"] : ["*"];
        builder.Services.AddAuthentication(BearerTokenHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null);
        builder.Services.AddAuthorization();
        builder.Services.AddMcpMemory(settings);
        builder.Services.AddA2AServer(options =>
        {
            settings.Configuration.GetSection(A2AServerOptions.SectionName).Bind(options);
            options.RequireBearerToken = hostOptions.Tokens.Count > 0;
            if (grpcEndpoints.Length > 0)
            {
                options.GrpcUrl = grpcEndpoints[0].TrimEnd('/');
                options.HttpBaseUrl = endpoints[0].TrimEnd('/');
            }
        });
        var mcpServer = builder.Services.AddMcpServer(options =>
            {
                options.ServerInfo = ServerIdentity.Implementation;
                options.ServerInstructions = ServerIdentity.Instructions;
            })
            .WithHttpTransport(options =>
            {
                options.SessionMode = HttpServerSessionMode.StatefulForInitializeClients;
#pragma warning disable MCP9004 // Legacy SSE is a stated requirement: older clients and the Inspector's SSE mode use it.
                options.EnableLegacySse = true;
#pragma warning restore MCP9004
            })
            .WithMemoryTools(settings.Toolsets());
        configureMcp?.Invoke(mcpServer);

        var app = builder.Build();
        app.UseMiddleware<HostGuard>(allowedHosts);
        app.UseMiddleware<OriginGuard>();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        var mcp = app.MapMcp("/mcp");
        var a2a = app.MapA2A();
        var grpc = grpcEndpoints.Select(url => app.MapA2AGrpc(ParseUrl(url).Port)).ToList();
        if (hostOptions.Tokens.Count > 0)
        {
            foreach (var endpoint in new[] { mcp, a2a }.Concat(grpc))
            {
                endpoint.RequireAuthorization(policy => policy.AddAuthenticationSchemes(BearerTokenHandler.SchemeName).RequireAuthenticatedUser());
            }
        }

        return app;
    }

    public static async Task<int> RunAsync(ServerSettings settings, string urls, CancellationToken cancellationToken, string? grpcUrls = null)
    {
        await using var app = Build(settings, urls, grpcUrls: grpcUrls);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var grpcList = (grpcUrls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var grpcPorts = grpcList.Select(url => ParseUrl(url).Port).ToHashSet();

        // Kestrel lists the gRPC endpoints among its URLs too; they serve only gRPC, so they are named apart.
        foreach (var url in app.Urls.Where(url => !Uri.TryCreate(url, UriKind.Absolute, out var uri) || !grpcPorts.Contains(uri.Port)))
        {
            await Console.Error.WriteLineAsync($"mcp-memory: serving MCP at {url.TrimEnd('/')}/mcp (Streamable HTTP) and {url.TrimEnd('/')}/mcp/sse (legacy SSE), A2A at {url.TrimEnd('/')}/a2a (JSON-RPC; REST under {url.TrimEnd('/')}/a2a/rest; card at {url.TrimEnd('/')}/.well-known/agent-card.json); data in {settings.DataDirectory}").ConfigureAwait(false);
        }

        foreach (var url in grpcList)
        {
            await Console.Error.WriteLineAsync($"mcp-memory: serving A2A over gRPC at {url.TrimEnd('/')} (HTTP/2 without TLS)").ConfigureAwait(false);
        }

        await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        return 0;
    }

    private static void Listen(KestrelServerOptions kestrel, string url, HttpProtocols protocols)
    {
        var uri = ParseUrl(url);
        if (uri.Scheme != Uri.UriSchemeHttp)
        {
            throw new McpMemoryException(McpMemoryErrorCodes.InvalidArgument, $"'{url}' is not served: with --grpc-urls every URL must be http:// (TLS is not configured here).");
        }

        if (uri.Host is "localhost")
        {
            kestrel.ListenLocalhost(uri.Port, o => o.Protocols = protocols);
        }
        else if (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address))
        {
            kestrel.Listen(address, uri.Port, o => o.Protocols = protocols);
        }
        else
        {
            kestrel.ListenAnyIP(uri.Port, o => o.Protocols = protocols);
        }
    }

    private static Uri ParseUrl(string url) =>
        Uri.TryCreate(url.Replace("*", "wildcard", StringComparison.Ordinal).Replace("+", "wildcard", StringComparison.Ordinal), UriKind.Absolute, out var uri)
            ? uri
            : throw new McpMemoryException(McpMemoryErrorCodes.InvalidArgument, $"'{url}' is not a URL: use the form http://127.0.0.1:5078.");

    private static bool IsLoopbackUrl(string url)
    {
        if (!Uri.TryCreate(url.Replace("*", "wildcard", StringComparison.Ordinal).Replace("+", "wildcard", StringComparison.Ordinal), UriKind.Absolute, out var uri))
        {
            throw new McpMemoryException(McpMemoryErrorCodes.InvalidArgument, $"'{url}' is not a URL: use the form http://127.0.0.1:5077.");
        }

        return OriginGuard.IsLoopbackHost(uri.Host) && uri.Host != IPAddress.Any.ToString();
    }
}
