using System.ComponentModel;
using System.Text.Json.Serialization;

namespace McpMemory.Mcp.Agents;

/// <summary>The result of <c>agent_fan_out</c>.</summary>
public sealed record AgentFanOutResult(
    [property: Description("One result per sub-task, in the order given.")] IReadOnlyList<AgentSubtaskResult> Results,
    [property: Description("How many sub-tasks were done.")] int Completed,
    [property: Description("How many failed on every agent tried (or found none).")] int Failed,
    [property: Description("True when some but not all sub-tasks failed: the results are partial.")] bool Partial,
    [property: Description("The failures, one line each: the sub-task, its skill and why.")] IReadOnlyList<string> Failures,
    [property: Description("The namespace the answers were written to, or null.")] [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? WrittenNamespace,
    [property: Description("Wall time of the whole fan-out, in milliseconds.")] long ElapsedMs);
