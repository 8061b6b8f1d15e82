using System.Text.Json;
using McpMemory.Tests.Support;

namespace McpMemory.Tests.Interop;

/// <summary>
/// Runs the official MCP Inspector's command-line client (<c>mcp-inspector --cli</c>, pinned in tools/interop) against
/// mcp-memory, one method per run, and returns the JSON result it prints.
/// </summary>
public static class InspectorCli
{
    /// <summary>The Inspector arguments that make it start <c>mcp-memory serve</c> over stdio.</summary>
    public static IReadOnlyList<string> Stdio(string dataDirectory) => ["--transport", "stdio", "--", ServerProcess.DotnetHost, ServerProcess.ServerDll, "serve", "--data-dir", dataDirectory];

    public static IReadOnlyList<string> StreamableHttp(HttpServer server) => ["--transport", "http", server.McpUri.ToString()];

    public static IReadOnlyList<string> LegacySse(HttpServer server) => ["--transport", "sse", new Uri(server.BaseUri, "/mcp/sse").ToString()];

    /// <summary>Runs one method; <paramref name="home"/> keeps the Inspector's own state files out of the user's home.</summary>
    public static async Task<JsonElement> RunAsync(IReadOnlyList<string> target, IEnumerable<string> method, string home, CancellationToken cancellationToken)
    {
        // The target last: for stdio everything after "--" is the server's command line.
        List<string> arguments = ["--cli", .. method, "--format", "json", "--quiet", .. target];
        var run = await InteropTools.RunNodeAsync(InteropTools.InspectorLauncher, arguments, cancellationToken, home, new Dictionary<string, string?> { ["HOME"] = home });

        Assert.True(run.ExitCode == 0, $"the Inspector failed:\n{run}");
        using var document = JsonDocument.Parse(run.Stdout);
        Assert.True(document.RootElement.TryGetProperty("result", out var result), $"the Inspector printed no result:\n{run}");
        return result.Clone();
    }

    public static Task<JsonElement> ListToolsAsync(IReadOnlyList<string> target, string home, CancellationToken cancellationToken) =>
        RunAsync(target, ["--method", "tools/list"], home, cancellationToken);

    /// <summary>Calls a tool and returns its structured content, failing the test on a tool error.</summary>
    public static async Task<JsonElement> CallToolAsync(IReadOnlyList<string> target, string tool, Dictionary<string, object?> arguments, string home, CancellationToken cancellationToken)
    {
        var result = await RunAsync(target, ["--method", "tools/call", "--tool-name", tool, "--tool-args-json", JsonSerializer.Serialize(arguments)], home, cancellationToken);
        Assert.False(result.TryGetProperty("isError", out var isError) && isError.GetBoolean(), $"{tool} failed: {result}");
        return result.GetProperty("structuredContent");
    }
}
