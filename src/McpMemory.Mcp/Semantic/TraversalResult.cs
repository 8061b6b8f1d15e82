using System.ComponentModel;
using System.Text.Json.Serialization;

namespace McpMemory.Mcp.Semantic;

/// <summary>The result of <c>graph_neighbors</c> and <c>graph_subgraph</c>.</summary>
/// <param name="Entity">The start entity.</param>
/// <param name="Neighbors">Entities reached, nearest first.</param>
/// <param name="Relations">Relations among the returned entities.</param>
/// <param name="NextCursor">Where the next page starts.</param>
/// <param name="Omitted">Entities left for later pages.</param>
/// <param name="Namespace">The namespace read.</param>
public sealed record TraversalResult(
    [property: Description("The start entity (its name resolved exactly, by normalised name or by alias)")] EntityView Entity,
    [property: Description("Entities reached, nearest first")] IReadOnlyList<NeighborView> Neighbors,
    [property: Description("Relations among the start entity and the returned entities")] IReadOnlyList<RelationView> Relations,
    [property: Description("Pass as 'cursor' for the rest; null when nothing was left out"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? NextCursor,
    [property: Description("Entities left out to stay within 'max_tokens'")] int Omitted,
    [property: Description("The namespace read")] string Namespace);
