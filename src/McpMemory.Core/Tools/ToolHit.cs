namespace McpMemory.Core.Tools;

/// <summary>One tool that fits a task, and why.</summary>
/// <param name="Tool">The definition.</param>
/// <param name="Score">The fused score (higher is better); in a single mode, that mode's score.</param>
/// <param name="DenseRank">1-based rank by meaning, or null when it was not among the dense candidates.</param>
/// <param name="DenseScore">Cosine similarity to the task, when ranked by meaning.</param>
/// <param name="KeywordRank">1-based rank by keywords, or null when no keyword of the task matched.</param>
/// <param name="KeywordScore">BM25 score, when ranked by keywords.</param>
public sealed record ToolHit(ToolDefinition Tool, double Score, int? DenseRank, float? DenseScore, int? KeywordRank, float? KeywordScore);
