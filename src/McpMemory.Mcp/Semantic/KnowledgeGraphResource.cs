using System.Text.Json.Serialization;

namespace McpMemory.Mcp.Semantic;

/// <summary>
/// The content of <c>memory://knowledge-graph</c>: the official memory server's <c>{entities, relations}</c> for the
/// caller's default namespace, as much as fits the token budget, plus what was left out and the read_graph cursor for it.
/// </summary>
/// <param name="Entities">Entities, in creation order.</param>
/// <param name="Relations">Relations, in creation order (after every entity).</param>
/// <param name="Omitted">Entities and relations left out to stay within the token budget.</param>
/// <param name="NextCursor">The <c>cursor</c> for <c>read_graph</c> that returns the rest; null when nothing was left out.</param>
/// <param name="Namespace">The namespace read.</param>
/// <param name="Note">What was left out and how to get it; null when nothing was.</param>
public sealed record KnowledgeGraphResource(
    [property: JsonPropertyName("entities")] IReadOnlyList<EntityView> Entities,
    [property: JsonPropertyName("relations")] IReadOnlyList<RelationView> Relations,
    [property: JsonPropertyName("omitted")] ResourceOmissions Omitted,
    [property: JsonPropertyName("nextCursor")] string? NextCursor,
    [property: JsonPropertyName("namespace")] string Namespace,
    [property: JsonPropertyName("note")] string? Note);
