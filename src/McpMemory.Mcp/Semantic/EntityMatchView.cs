using System.ComponentModel;
using System.Text.Json.Serialization;
using McpMemory.Core.Semantic;

namespace McpMemory.Mcp.Semantic;

/// <summary>An entity found by <c>search_nodes</c>, and which kind of match found it.</summary>
/// <param name="Name">The exact name.</param>
/// <param name="EntityType">The type.</param>
/// <param name="Observations">The observations.</param>
/// <param name="Aliases">Other names.</param>
/// <param name="Match">Which kind of match.</param>
/// <param name="Score">Cosine similarity, for matches by meaning.</param>
public sealed record EntityMatchView(
    [property: JsonPropertyName("name"), Description("The name of the entity")] string Name,
    [property: JsonPropertyName("entityType"), Description("The type of the entity")] string EntityType,
    [property: JsonPropertyName("observations"), Description("An array of observation contents associated with the entity")] IReadOnlyList<string> Observations,
    [property: JsonPropertyName("aliases"), Description("Other names that resolve to this entity")] IReadOnlyList<string> Aliases,
    [property: JsonPropertyName("match"), Description("'text' (the query is part of its name, type or an observation, as in the official memory server), 'meaning' (close in meaning only) or 'text+meaning'")] string Match,
    [property: JsonPropertyName("score"), Description("Similarity in meaning to the query (cosine), when it was among the best by meaning; else null")] double? Score)
{
    /// <summary>The view of a search hit.</summary>
    public static EntityMatchView From(EntityHit hit)
    {
        ArgumentNullException.ThrowIfNull(hit);
        var e = hit.Entity;
        return new EntityMatchView(e.Name, e.EntityType, e.Observations, e.Aliases, hit.Match ?? "text", hit.DenseScore is { } s ? Math.Round(s, 4) : null);
    }
}
