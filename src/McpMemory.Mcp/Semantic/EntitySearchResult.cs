using System.ComponentModel;

namespace McpMemory.Mcp.Semantic;

/// <summary>The result of <c>entity_search</c>.</summary>
/// <param name="Hits">Best first.</param>
/// <param name="Namespace">The namespace read.</param>
public sealed record EntitySearchResult(
    [property: Description("Entities, best first")] IReadOnlyList<EntitySearchHitView> Hits,
    [property: Description("The namespace read")] string Namespace);
