using System.ComponentModel;
using System.Text.Json.Serialization;

namespace McpMemory.Mcp.Semantic;

/// <summary>A created entity whose name looks like an existing one.</summary>
/// <param name="Name">The name created.</param>
/// <param name="Existing">The existing entity it looks like.</param>
/// <param name="Reason">Why.</param>
public sealed record DuplicateView(
    [property: JsonPropertyName("name"), Description("The entity just created")] string Name,
    [property: JsonPropertyName("existing"), Description("The existing entity whose name looks the same")] string Existing,
    [property: JsonPropertyName("reason"), Description("'case_or_whitespace' (the names differ only in case or spacing) or 'alias' (the name is an alias of the existing entity)")] string Reason);
