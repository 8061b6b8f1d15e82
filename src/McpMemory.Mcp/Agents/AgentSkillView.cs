using System.ComponentModel;
using System.Text.Json.Serialization;

namespace McpMemory.Mcp.Agents;

/// <summary>A skill a peer agent advertises.</summary>
public sealed record AgentSkillView(
    [property: Description("The skill's id; agent_fan_out routes sub-tasks by it (or by a tag).")] string Id,
    [property: Description("Its name.")] string Name,
    [property: Description("What it does.")] [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Description,
    [property: Description("Its tags; they route work too.")] IReadOnlyList<string> Tags);
