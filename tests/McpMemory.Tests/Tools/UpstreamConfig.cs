using System.Text.Json.Nodes;
using McpMemory.Tests.Interop;

namespace McpMemory.Tests.Tools;

/// <summary>
/// Configuration files that declare upstream MCP servers: the official <c>@modelcontextprotocol/server-everything</c>
/// of tools/interop under Node 22, started directly or through a shell that first appends its process id to a file
/// (so a test can kill it).
/// </summary>
internal static class UpstreamConfig
{
    public static string EverythingScript { get; } = Path.Combine(InteropTools.Folder, "node_modules", "@modelcontextprotocol", "server-everything", "dist", "index.js");

    /// <summary>server-everything started by bash, which writes its process id (the same after exec) to <paramref name="pidFile"/>.</summary>
    public static async Task<JsonObject> EverythingWithPidAsync(string pidFile, bool trusted = false)
    {
        var node = await InteropTools.Node22Async();
        Assert.True(File.Exists(EverythingScript), $"{EverythingScript} is missing: run 'bash tools/interop/install.sh'.");
        return new JsonObject
        {
            ["command"] = "bash",
            ["args"] = new JsonArray("-c", $"echo $$ >> '{pidFile}'; exec '{node}' '{EverythingScript}' stdio"),
            ["trusted"] = trusted,
        };
    }

    /// <summary>Writes <c>{"McpMemory":{"Upstreams":{...settings, "mcpServers":{...}}}}</c> and returns the environment that points the server at it.</summary>
    public static Dictionary<string, string?> Write(string path, JsonObject servers, JsonObject? settings = null)
    {
        var upstreams = settings ?? [];
        upstreams["mcpServers"] = servers;
        File.WriteAllText(path, new JsonObject { ["McpMemory"] = new JsonObject { ["Upstreams"] = upstreams } }.ToJsonString());
        return new Dictionary<string, string?> { ["MCPMEMORY_CONFIG"] = path };
    }

    public static IReadOnlyList<int> Pids(string pidFile) =>
        File.Exists(pidFile) ? File.ReadAllLines(pidFile).Where(l => l.Trim().Length > 0).Select(l => int.Parse(l.Trim(), System.Globalization.CultureInfo.InvariantCulture)).ToList() : [];
}
