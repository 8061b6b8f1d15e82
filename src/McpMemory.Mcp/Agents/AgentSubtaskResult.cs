using System.ComponentModel;

namespace McpMemory.Mcp.Agents;

/// <summary>How one sub-task of <c>agent_fan_out</c> ended.</summary>
public sealed record AgentSubtaskResult(
    [property: Description("Its place in the list given, from 0.")] int Index,
    [property: Description("The skill it needed.")] string Skill,
    [property: Description("'completed' when an agent did it, else 'failed'.")] string State,
    [property: Description("The agent that did it (or that asked for input), or null.")] string? Agent,
    [property: Description("The peer's task id, or null; for a sub-task that ended input-required, agent_send with it answers the agent's question.")] string? TaskId,
    [property: Description("The peer's context (conversation) id, or null.")] string? ContextId,
    [property: Description("The answer as text (empty when it failed).")] string Text,
    [property: Description("Why it failed, naming each agent tried ('input-required: <question>' when the agent asked for more input), or null.")] string? Error,
    [property: Description("Every try, in order: the first on the least loaded agent with the skill, each retry on another.")] IReadOnlyList<AgentAttemptView> Attempts,
    [property: Description("Ids of the episodes the answer was written to in 'write_namespace'.")] IReadOnlyList<string> WrittenIds);
