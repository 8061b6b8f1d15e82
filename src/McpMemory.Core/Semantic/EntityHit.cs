namespace McpMemory.Core.Semantic;

/// <summary>An entity in a search or traversal result, and why it is there.</summary>
/// <param name="Entity">The entity.</param>
/// <param name="Match">For searches: <c>text</c> (the query is part of its name, type or an observation, as in the official server), <c>keyword</c>, <c>meaning</c>, or a combination joined by '+'.</param>
/// <param name="Score">The fused score (higher is better), for searches.</param>
/// <param name="DenseScore">Cosine similarity to the query, when it was ranked by meaning.</param>
/// <param name="KeywordScore">BM25 score, when a query keyword matched.</param>
/// <param name="Distance">Hops from the start entity, for traversals.</param>
public sealed record EntityHit(GraphEntity Entity, string? Match, double? Score, float? DenseScore, float? KeywordScore, int? Distance);
