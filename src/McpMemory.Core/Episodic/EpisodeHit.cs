namespace McpMemory.Core.Episodic;

/// <summary>One search result and why it matched.</summary>
/// <param name="Episode">The record.</param>
/// <param name="Score">The fused score (higher is better); in a single mode, that mode's score.</param>
/// <param name="DenseRank">1-based rank by meaning, or null when it was not among the dense candidates.</param>
/// <param name="DenseScore">Cosine similarity to the query, when ranked by meaning.</param>
/// <param name="KeywordRank">1-based rank by keywords, or null when no query keyword matched.</param>
/// <param name="KeywordScore">BM25 score, when ranked by keywords.</param>
public sealed record EpisodeHit(
    Episode Episode,
    double Score,
    int? DenseRank,
    float? DenseScore,
    int? KeywordRank,
    float? KeywordScore);
