using System.Text.Json.Serialization;

namespace McpMemory.Mcp.Semantic;

/// <summary>The content of <c>graph://{namespace}/neighborhood/{name}</c>: the entity, its neighbours one hop away (either direction), and the relations among them.</summary>
/// <param name="Namespace">The namespace read.</param>
/// <param name="Entity">The entity at the centre.</param>
/// <param name="Neighbors">Entities one relation away, in creation order.</param>
/// <param name="Relations">Every relation between two of the returned entities (the centre included), in creation order.</param>
/// <param name="Omitted">Neighbours and relations left out to stay within the token budget.</param>
/// <param name="Note">What was left out and how to get it; null when nothing was.</param>
public sealed record NeighborhoodResource(
    [property: JsonPropertyName("namespace")] string Namespace,
    [property: JsonPropertyName("entity")] EntityView Entity,
    [property: JsonPropertyName("neighbors")] IReadOnlyList<EntityView> Neighbors,
    [property: JsonPropertyName("relations")] IReadOnlyList<RelationView> Relations,
    [property: JsonPropertyName("omitted")] ResourceOmissions Omitted,
    [property: JsonPropertyName("note")] string? Note);
