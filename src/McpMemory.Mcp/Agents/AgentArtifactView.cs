using System.ComponentModel;
using System.Text.Json.Serialization;
using System.Text.Json;

namespace McpMemory.Mcp.Agents;

/// <summary>An output of a peer's task.</summary>
public sealed record AgentArtifactView(
    [property: Description("The artifact's name.")] [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Name,
    [property: Description("Its text parts, joined by newlines.")] string Text,
    [property: Description("Its data parts (JSON), in order.")] IReadOnlyList<JsonElement> Data);
