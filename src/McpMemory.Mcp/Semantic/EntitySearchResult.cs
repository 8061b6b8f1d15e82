using System.ComponentModel;

namespace McpMemory.Mcp.Semantic;

/// <summary>The result of <c>entity_search</c>.</summary>
/// <param name="Hits">Best first.</param>
/// <param name="Omitted">Hits left out to stay within the token budget.</param>
/// <param name="Namespace">The namespace read.</param>
public sealed record EntitySearchResult(
    [property: Description("Entities, best first")] IReadOnlyList<EntitySearchHitView> Hits,
    [property: Description("Hits among the best 'k' left out to stay within 'max_tokens' (ask for a smaller k or a bigger budget)")] int Omitted,
    [property: Description("The namespace read")] string Namespace);
