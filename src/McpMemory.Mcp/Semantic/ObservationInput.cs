using System.ComponentModel;
using System.Text.Json.Serialization;

namespace McpMemory.Mcp.Semantic;

/// <summary>Observations to add to one entity.</summary>
/// <param name="EntityName">The exact entity name.</param>
/// <param name="Contents">The observation texts.</param>
public sealed record ObservationInput(
    [property: JsonPropertyName("entityName"), Description("The name of the entity to add the observations to")] string EntityName,
    [property: JsonPropertyName("contents"), Description("An array of observation contents to add")] IReadOnlyList<string> Contents);
