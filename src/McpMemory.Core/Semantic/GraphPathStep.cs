namespace McpMemory.Core.Semantic;

/// <summary>One hop of a path: the relation followed, and whether along its direction.</summary>
/// <param name="Relation">The relation.</param>
/// <param name="Forward">True when the path goes from the relation's <c>from</c> to its <c>to</c>.</param>
public sealed record GraphPathStep(GraphRelation Relation, bool Forward);
