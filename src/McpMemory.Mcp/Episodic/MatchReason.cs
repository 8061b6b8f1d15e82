using System.ComponentModel;

namespace McpMemory.Mcp.Episodic;

/// <summary>Why a hit matched.</summary>
public sealed record MatchReason(
    [property: Description("Rank by meaning (1 = closest), or null when it was not among the closest by meaning.")] int? DenseRank,
    [property: Description("Cosine similarity to the query, when ranked by meaning.")] float? DenseScore,
    [property: Description("Rank by keywords (BM25), or null when no query keyword matched.")] int? KeywordRank,
    [property: Description("BM25 score, when ranked by keywords.")] float? KeywordScore);
