using System.ComponentModel;
using System.Text.Json.Serialization;

namespace McpMemory.Mcp.Semantic;

/// <summary>The result of <c>add_observations</c>.</summary>
/// <param name="Results">Per entity, what was added.</param>
/// <param name="Namespace">The namespace written.</param>
public sealed record AddObservationsResult(
    [property: JsonPropertyName("results"), Description("Per entity, the observations that were new")] IReadOnlyList<ObservationsAdded> Results,
    [property: JsonPropertyName("namespace"), Description("The namespace written")] string Namespace);
