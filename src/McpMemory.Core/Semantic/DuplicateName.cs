namespace McpMemory.Core.Semantic;

/// <summary>An entity name that looks like one already in the graph.</summary>
/// <param name="Name">The name given.</param>
/// <param name="Existing">The exact name of the entity it looks like.</param>
/// <param name="Reason">Why: <c>case_or_whitespace</c> (same normalised name) or <c>alias</c> (an alias of it).</param>
public sealed record DuplicateName(string Name, string Existing, string Reason);
