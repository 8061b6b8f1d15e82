using System.ComponentModel;
using System.Text.Json.Serialization;

namespace McpMemory.Mcp.Agents;

/// <summary>How one sub-task of <c>agent_fan_out</c> ended.</summary>
public sealed record AgentSubtaskResult(
    [property: Description("Its place in the list given, from 0.")] int Index,
    [property: Description("The skill it needed.")] string Skill,
    [property: Description("'completed' when an agent did it, else 'failed'.")] string State,
    [property: Description("The agent that did it (or that asked for input), or null.")] [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Agent,
    [property: Description("The peer's task id, or null; for a sub-task that ended input-required, agent_send with it answers the agent's question.")] [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? TaskId,
    [property: Description("The peer's context (conversation) id, or null.")] [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? ContextId,
    [property: Description("The answer as text (empty when it failed).")] string Text,
    [property: Description("Why it failed, naming each agent tried ('input-required: <question>' when the agent asked for more input), or null.")] [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Error,
    [property: Description("Every try, in order: the first on the least loaded agent with the skill, each retry on another.")] IReadOnlyList<AgentAttemptView> Attempts,
    [property: Description("Ids of the episodes the answer was written to in 'write_namespace'.")] IReadOnlyList<string> WrittenIds);
