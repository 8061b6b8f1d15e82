using System.ComponentModel;
using System.Text.Json.Serialization;
using McpMemory.Core.Semantic;

namespace McpMemory.Mcp.Semantic;

/// <summary>The result of <c>fact_query</c> and <c>fact_history</c>.</summary>
/// <param name="Facts">Fact versions.</param>
/// <param name="ValidAt">The world time asked about (fact_query).</param>
/// <param name="KnownAt">The knowledge time asked about (fact_query).</param>
/// <param name="NextCursor">Where the next page starts.</param>
/// <param name="Omitted">Versions left for later pages.</param>
/// <param name="Namespace">The namespace read.</param>
public sealed record FactListResult(
    [property: Description("Fact versions: each says what held in the world (valid_from..valid_to) and when we believed it (recorded_at..invalidated_at)")] IReadOnlyList<GraphFact> Facts,
    [property: Description("fact_query: the moment in the world asked about; null for fact_history"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] DateTimeOffset? ValidAt,
    [property: Description("fact_query: the moment of knowledge asked about; null for fact_history"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] DateTimeOffset? KnownAt,
    [property: Description("Pass as 'cursor' for the rest; null when nothing was left out"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? NextCursor,
    [property: Description("Fact versions left out to stay within 'max_tokens'")] int Omitted,
    [property: Description("The namespace read")] string Namespace);
