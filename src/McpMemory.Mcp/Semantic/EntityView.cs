using System.ComponentModel;
using System.Text.Json.Serialization;
using McpMemory.Core.Semantic;

namespace McpMemory.Mcp.Semantic;

/// <summary>An entity, in the official memory server's shape plus its aliases.</summary>
/// <param name="Name">The exact name.</param>
/// <param name="EntityType">The type.</param>
/// <param name="Observations">The observations.</param>
/// <param name="Aliases">Other names (empty when none).</param>
public sealed record EntityView(
    [property: JsonPropertyName("name"), Description("The name of the entity")] string Name,
    [property: JsonPropertyName("entityType"), Description("The type of the entity")] string EntityType,
    [property: JsonPropertyName("observations"), Description("An array of observation contents associated with the entity")] IReadOnlyList<string> Observations,
    [property: JsonPropertyName("aliases"), Description("Other names that resolve to this entity")] IReadOnlyList<string> Aliases)
{
    /// <summary>The view of a stored entity.</summary>
    public static EntityView From(GraphEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return new EntityView(entity.Name, entity.EntityType, entity.Observations, entity.Aliases);
    }
}
