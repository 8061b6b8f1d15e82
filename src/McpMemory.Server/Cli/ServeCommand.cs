using System.CommandLine;
using McpMemory.Server.Hosting;

namespace McpMemory.Server.Cli;

internal static class ServeCommand
{
    public static Command Create()
    {
        var http = new Option<bool>("--http") { Description = "Serve MCP over HTTP (Streamable HTTP at /mcp, legacy SSE at /mcp/sse) and A2A (card at /.well-known/agent-card.json, JSON-RPC at /a2a, REST at /a2a/rest) instead of stdio." };
        var urls = new Option<string>("--urls") { Description = $"Where to listen with --http (semicolon-separated). Default: {HttpServer.DefaultUrl}.", DefaultValueFactory = _ => HttpServer.DefaultUrl };
        var grpcUrls = new Option<string?>("--grpc-urls") { Description = "With --http, also serve A2A over gRPC here (HTTP/2 without TLS, semicolon-separated, such as http://127.0.0.1:5078); the agent card lists it." };
        var command = new Command("serve", "Run the MCP server: over stdio (for Claude Desktop and IDEs) by default, or over HTTP with --http.")
        {
            http,
            urls,
            grpcUrls,
        };
        command.SetAction((parse, ct) =>
        {
            var settings = CommonOptions.Settings(parse);
            return parse.GetValue(http)
                ? HttpServer.RunAsync(settings, parse.GetValue(urls)!, ct, parse.GetValue(grpcUrls))
                : StdioServer.RunAsync(settings, ct);
        });
        return command;
    }
}
