using System.ComponentModel;
using System.Text.Json.Serialization;

namespace McpMemory.Mcp.Semantic;

/// <summary>The result of <c>search_nodes</c>.</summary>
/// <param name="Entities">Matching entities: text matches in graph order, then matches by meaning, best first.</param>
/// <param name="Relations">Relations that touch a returned entity.</param>
/// <param name="NextCursor">Where the next page starts.</param>
/// <param name="Omitted">What is left for later pages.</param>
/// <param name="Namespace">The namespace read.</param>
public sealed record SearchNodesResult(
    [property: JsonPropertyName("entities"), Description("Matching entities: those the official server finds (match 'text'), in graph order, then those close in meaning (match 'meaning'), best first")] IReadOnlyList<EntityMatchView> Entities,
    [property: JsonPropertyName("relations"), Description("Relations with at least one end among the returned entities")] IReadOnlyList<RelationView> Relations,
    [property: JsonPropertyName("nextCursor"), Description("Pass as 'cursor' for the rest; null when nothing was left out"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? NextCursor,
    [property: JsonPropertyName("omitted"), Description("How many entities and relations were left out of this answer to stay within 'maxTokens'")] OmittedCounts Omitted,
    [property: JsonPropertyName("namespace"), Description("The namespace read")] string Namespace);
