using System.ComponentModel;
using System.Text.Json.Serialization;

namespace McpMemory.Mcp.Semantic;

/// <summary>The result of <c>create_entities</c>.</summary>
/// <param name="Entities">The entities created (names already present are skipped, as in the official server).</param>
/// <param name="PossibleDuplicates">Created entities whose names look like existing ones.</param>
/// <param name="Namespace">The namespace written.</param>
public sealed record CreateEntitiesResult(
    [property: JsonPropertyName("entities"), Description("The entities that were created; names that already existed are left out")] IReadOnlyList<EntityView> Entities,
    [property: JsonPropertyName("possibleDuplicates"), Description("Created entities whose names differ from existing ones only in case, spacing or by an alias: consider entity_merge")] IReadOnlyList<DuplicateView> PossibleDuplicates,
    [property: JsonPropertyName("namespace"), Description("The namespace written")] string Namespace);
