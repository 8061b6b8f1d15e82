using System.ComponentModel;

namespace McpMemory.Mcp.Agents;

/// <summary>The result of <c>agent_list</c>.</summary>
public sealed record AgentListResult(
    [property: Description("The registered agents by name.")] IReadOnlyList<AgentView> Agents);
