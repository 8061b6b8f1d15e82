using System.Text.Json.Serialization;

namespace McpMemory.Mcp.Semantic;

/// <summary>How much a graph resource left out to stay within its token budget.</summary>
/// <param name="Entities">Entities left out.</param>
/// <param name="Relations">Relations left out.</param>
/// <param name="Facts">Facts left out (entity resources only).</param>
public sealed record ResourceOmissions(
    [property: JsonPropertyName("entities")] int Entities,
    [property: JsonPropertyName("relations")] int Relations,
    [property: JsonPropertyName("facts")] int Facts)
{
    /// <summary>True when something was left out.</summary>
    [JsonIgnore]
    public bool Any => Entities + Relations + Facts > 0;
}
