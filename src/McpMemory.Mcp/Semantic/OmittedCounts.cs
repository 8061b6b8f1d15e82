using System.ComponentModel;
using System.Text.Json.Serialization;

namespace McpMemory.Mcp.Semantic;

/// <summary>How much of an answer was left out to stay within the token budget.</summary>
/// <param name="Entities">Entities not in this page.</param>
/// <param name="Relations">Relations not in this page.</param>
public sealed record OmittedCounts(
    [property: JsonPropertyName("entities"), Description("Entities left for later pages")] int Entities,
    [property: JsonPropertyName("relations"), Description("Relations left for later pages")] int Relations);
