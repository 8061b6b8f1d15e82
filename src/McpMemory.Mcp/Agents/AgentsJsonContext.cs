using System.Text.Json.Serialization;

namespace McpMemory.Mcp.Agents;

/// <summary>Source-generated JSON for the file of registered peers.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(List<AgentPeer>))]
internal sealed partial class AgentsJsonContext : JsonSerializerContext;
