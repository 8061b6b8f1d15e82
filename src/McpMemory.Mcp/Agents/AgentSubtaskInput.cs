using System.ComponentModel;
using System.Text.Json;

namespace McpMemory.Mcp.Agents;

/// <summary>One sub-task of <c>agent_fan_out</c>.</summary>
public sealed record AgentSubtaskInput
{
    /// <summary>The skill it needs.</summary>
    [Description("The skill it needs: a skill id or tag some registered agent advertises.")]
    public string? Skill { get; init; }

    /// <summary>What to do.</summary>
    [Description("What the agent should do, as text.")]
    public string? Text { get; init; }

    /// <summary>Optional structured input.</summary>
    [Description("Optional structured input, a JSON object sent as a data part.")]
    public JsonElement? Data { get; init; }
}
