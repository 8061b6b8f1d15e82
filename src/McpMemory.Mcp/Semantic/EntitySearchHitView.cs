using System.ComponentModel;
using System.Text.Json.Serialization;

namespace McpMemory.Mcp.Semantic;

/// <summary>A hit of <c>entity_search</c>.</summary>
/// <param name="Entity">The entity.</param>
/// <param name="Match">'meaning', 'keyword' or 'keyword+meaning'.</param>
/// <param name="Score">The fused score.</param>
/// <param name="DenseScore">Cosine similarity.</param>
/// <param name="KeywordScore">BM25 score.</param>
public sealed record EntitySearchHitView(
    [property: Description("The entity")] EntityView Entity,
    [property: Description("'meaning', 'keyword' or 'keyword+meaning'")] string Match,
    [property: Description("The fused score (reciprocal rank fusion; higher is better)")] double Score,
    [property: Description("Cosine similarity to the query, when ranked by meaning"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? DenseScore,
    [property: Description("BM25 score, when a query keyword matched"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? KeywordScore);
