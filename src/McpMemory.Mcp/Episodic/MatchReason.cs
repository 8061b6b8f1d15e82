using System.ComponentModel;
using System.Text.Json.Serialization;

namespace McpMemory.Mcp.Episodic;

/// <summary>Why a hit matched.</summary>
/// <remarks>
/// The output schema requires all four (null when that ranking did not place the hit), so they are written as null
/// rather than left out as the tool options otherwise do; clients that validate structured content (the TypeScript
/// SDK, the MCP Inspector) reject a hit without them.
/// </remarks>
public sealed record MatchReason(
    [property: Description("Rank by meaning (1 = closest), or null when it was not among the closest by meaning.")] [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] int? DenseRank,
    [property: Description("Cosine similarity to the query, when ranked by meaning.")] [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] float? DenseScore,
    [property: Description("Rank by keywords (BM25), or null when no query keyword matched.")] [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] int? KeywordRank,
    [property: Description("BM25 score, when ranked by keywords.")] [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] float? KeywordScore);
