namespace McpMemory.Core.Documents;

/// <summary>One search result: a chunk, its score, why it matched, and the passage around it when asked for.</summary>
/// <param name="Chunk">The chunk.</param>
/// <param name="Score">The fused score (higher is better); in a single mode, that mode's score.</param>
/// <param name="DenseRank">1-based rank by meaning, or null.</param>
/// <param name="DenseScore">Cosine similarity to the query, when ranked by meaning.</param>
/// <param name="KeywordRank">1-based rank by keywords, or null.</param>
/// <param name="KeywordScore">BM25 score, when ranked by keywords.</param>
/// <param name="Passage">The chunk with its neighbours, when the search asked to expand hits.</param>
public sealed record DocumentHit(
    DocumentChunk Chunk,
    double Score,
    int? DenseRank,
    float? DenseScore,
    int? KeywordRank,
    float? KeywordScore,
    DocumentPassage? Passage);
