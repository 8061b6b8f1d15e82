using System.ComponentModel;
using System.Text.Json.Serialization;

namespace McpMemory.Mcp.Agents;

/// <summary>One try of a sub-task on one agent.</summary>
public sealed record AgentAttemptView(
    [property: Description("The agent tried.")] string Agent,
    [property: Description("How it ended: completed, message, failed, rejected, canceled, input-required, or error (the agent could not be reached or answered an error).")] string Outcome,
    [property: Description("Why it failed, when it did.")] [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Error);
