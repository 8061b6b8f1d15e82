using System.ComponentModel;

namespace McpMemory.Mcp.Agents;

/// <summary>The result of <c>agent_register</c>.</summary>
public sealed record AgentRegisterResult(
    [property: Description("'added', or 'updated' when an agent of that name was registered before.")] string Outcome,
    [property: Description("The agent as registered.")] AgentView Agent);
