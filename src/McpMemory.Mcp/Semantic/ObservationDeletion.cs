using System.ComponentModel;
using System.Text.Json.Serialization;

namespace McpMemory.Mcp.Semantic;

/// <summary>Observations to delete from one entity.</summary>
/// <param name="EntityName">The exact entity name.</param>
/// <param name="Observations">The observation texts.</param>
public sealed record ObservationDeletion(
    [property: JsonPropertyName("entityName"), Description("The name of the entity containing the observations")] string EntityName,
    [property: JsonPropertyName("observations"), Description("An array of observations to delete")] IReadOnlyList<string> Observations);
