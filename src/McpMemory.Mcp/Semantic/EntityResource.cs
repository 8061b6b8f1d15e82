using System.Text.Json.Serialization;
using McpMemory.Core.Semantic;

namespace McpMemory.Mcp.Semantic;

/// <summary>The content of <c>graph://{namespace}/entity/{name}</c>: the entity, every relation that touches it, and its current facts.</summary>
/// <param name="Namespace">The namespace read.</param>
/// <param name="Entity">The entity.</param>
/// <param name="Relations">Relations with the entity at either end, in creation order.</param>
/// <param name="Facts">Facts about it that hold now, as known now.</param>
/// <param name="Omitted">Relations (and facts) left out to stay within the token budget.</param>
/// <param name="Note">What was left out and how to get it; null when nothing was.</param>
public sealed record EntityResource(
    [property: JsonPropertyName("namespace")] string Namespace,
    [property: JsonPropertyName("entity")] EntityView Entity,
    [property: JsonPropertyName("relations")] IReadOnlyList<RelationView> Relations,
    [property: JsonPropertyName("facts")] IReadOnlyList<GraphFact> Facts,
    [property: JsonPropertyName("omitted")] ResourceOmissions Omitted,
    [property: JsonPropertyName("note")] string? Note);
