using System.ComponentModel;

namespace McpMemory.Mcp.Agents;

/// <summary>The result of <c>agent_remove</c>.</summary>
public sealed record AgentRemoveResult(
    [property: Description("'removed'.")] string Outcome,
    [property: Description("The agent as it was registered; in_flight counts its tasks still running from this server, which go on at the agent.")] AgentView Agent);
