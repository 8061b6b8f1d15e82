using System.ComponentModel;
using System.Text.Json.Serialization;

namespace McpMemory.Mcp.Agents;

/// <summary>The result of <c>agent_send</c>.</summary>
public sealed record AgentSendResult(
    [property: Description("The agent that answered.")] string Agent,
    [property: Description("The peer's task id (null when it answered with a message and no task).")] [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? TaskId,
    [property: Description("The peer's context (conversation) id.")] [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? ContextId,
    [property: Description("The task's final state: completed, failed, canceled, rejected, input-required, auth-required; 'message' for a direct answer.")] string State,
    [property: Description("The answer as text: the artifacts' text parts, or the reply message's.")] string Text,
    [property: Description("What the peer said with its last status (why it failed, what input it needs).")] [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? StatusMessage,
    [property: Description("The task's outputs.")] IReadOnlyList<AgentArtifactView> Artifacts,
    [property: Description("How many events the peer streamed (0 without streaming).")] int Updates,
    [property: Description("Ids of the episodes the answer was written to in 'write_namespace' (empty when not asked or not completed).")] IReadOnlyList<string> WrittenIds,
    [property: Description("The namespace the answer was written to, or null.")] [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? WrittenNamespace);
