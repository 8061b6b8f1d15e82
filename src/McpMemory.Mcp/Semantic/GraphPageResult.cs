using System.ComponentModel;
using System.Text.Json.Serialization;

namespace McpMemory.Mcp.Semantic;

/// <summary>The result of <c>read_graph</c> and <c>open_nodes</c>: entities and relations, within a token budget.</summary>
/// <param name="Entities">Entities.</param>
/// <param name="Relations">Relations.</param>
/// <param name="NextCursor">Where the next page starts.</param>
/// <param name="Omitted">What is left for later pages.</param>
/// <param name="Namespace">The namespace read.</param>
public sealed record GraphPageResult(
    [property: JsonPropertyName("entities")] IReadOnlyList<EntityView> Entities,
    [property: JsonPropertyName("relations")] IReadOnlyList<RelationView> Relations,
    [property: JsonPropertyName("nextCursor"), Description("Pass as 'cursor' for the rest; null when nothing was left out"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? NextCursor,
    [property: JsonPropertyName("omitted"), Description("How many entities and relations were left out of this answer to stay within 'maxTokens'")] OmittedCounts Omitted,
    [property: JsonPropertyName("namespace"), Description("The namespace read")] string Namespace);
