using System.Reflection;
using ModelContextProtocol.Protocol;

namespace McpMemory.Server.Hosting;

/// <summary>What the server says about itself to MCP clients.</summary>
internal static class ServerIdentity
{
    public const string Name = "mcp-memory";

    public const string Instructions =
        "mcp-memory is your long-term memory. Store what happens in a conversation with episode_add (one turn or a batch, " +
        "with speaker and time when known), and before answering questions about the past, search it with episode_search " +
        "(hybrid meaning + keyword search; filter by conversation, speaker or time range). episode_get returns records with " +
        "the turns around them; episode_list pages through events in time order; episode_delete forgets.";

    public static string Version { get; } =
        typeof(ServerIdentity).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static Implementation Implementation => new() { Name = Name, Title = "McpMemory", Version = Version };
}
