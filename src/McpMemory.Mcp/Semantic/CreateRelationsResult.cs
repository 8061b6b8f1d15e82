using System.ComponentModel;
using System.Text.Json.Serialization;

namespace McpMemory.Mcp.Semantic;

/// <summary>The result of <c>create_relations</c>.</summary>
/// <param name="Relations">The relations created.</param>
/// <param name="Namespace">The namespace written.</param>
public sealed record CreateRelationsResult(
    [property: JsonPropertyName("relations"), Description("The relations that were created; ones that already existed are left out")] IReadOnlyList<RelationView> Relations,
    [property: JsonPropertyName("namespace"), Description("The namespace written")] string Namespace);
