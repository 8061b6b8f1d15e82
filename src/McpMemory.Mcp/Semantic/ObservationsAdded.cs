using System.ComponentModel;
using System.Text.Json.Serialization;

namespace McpMemory.Mcp.Semantic;

/// <summary>The observations that were new for one entity.</summary>
/// <param name="EntityName">The entity.</param>
/// <param name="AddedObservations">What was added (contents it already had are left out).</param>
public sealed record ObservationsAdded(
    [property: JsonPropertyName("entityName")] string EntityName,
    [property: JsonPropertyName("addedObservations")] IReadOnlyList<string> AddedObservations);
