using McpMemory.Tests.Interop;
using ModelContextProtocol.Client;

namespace McpMemory.Tests.Support;

/// <summary>
/// The official <c>@modelcontextprotocol/server-memory</c> (pinned in tools/interop), run with Node 22 over stdio and
/// reached with the MCP SDK's client; its memory file is <c>MEMORY_FILE_PATH</c>.
/// </summary>
public static class OfficialMemoryServer
{
    public static string Script { get; } = Path.Combine(InteropTools.Folder, "node_modules", "@modelcontextprotocol", "server-memory", "dist", "index.js");

    /// <summary>Starts the official server with its memory in <paramref name="memoryFile"/> and connects a client.</summary>
    public static async Task<McpClient> StartAsync(string memoryFile, CancellationToken cancellationToken)
    {
        var node = await InteropTools.Node22Async();
        Assert.True(File.Exists(Script), $"{Script} is missing: run 'bash tools/interop/install.sh'.");
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "server-memory",
            Command = node,
            Arguments = [Script],
            EnvironmentVariables = new Dictionary<string, string?> { ["MEMORY_FILE_PATH"] = memoryFile },
            ShutdownTimeout = TimeSpan.FromSeconds(10),
        });
        return await McpClient.CreateAsync(transport, cancellationToken: cancellationToken);
    }
}
