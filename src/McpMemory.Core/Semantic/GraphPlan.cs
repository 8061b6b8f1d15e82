namespace McpMemory.Core.Semantic;

/// <summary>What a write will do: the answer to give, and the changes to make durable and apply first.</summary>
/// <param name="Response">The answer, once the changes are applied.</param>
/// <param name="Changes">The changes; empty when the write changes nothing.</param>
public sealed record GraphPlan(GraphResponse Response, IReadOnlyList<GraphChange> Changes);
