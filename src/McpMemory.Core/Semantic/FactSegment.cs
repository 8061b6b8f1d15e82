namespace McpMemory.Core.Semantic;

/// <summary>A part of a fact's validity that no later fact has claimed, while a merge reconciles single-valued facts.</summary>
/// <param name="Origin">The fact it belongs to.</param>
/// <param name="From">Where the part begins; null means "since always".</param>
/// <param name="To">Where it ends (exclusive); null means "still true".</param>
/// <param name="ClosedBy">The fact that begins where it ends, if one does.</param>
internal sealed record FactSegment(GraphFact Origin, DateTimeOffset? From, DateTimeOffset? To, string? ClosedBy);
