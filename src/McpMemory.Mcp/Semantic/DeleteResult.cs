using System.ComponentModel;
using System.Text.Json.Serialization;

namespace McpMemory.Mcp.Semantic;

/// <summary>The result of the official server's delete tools.</summary>
/// <param name="Success">Always true when the call returns (failures are tool errors).</param>
/// <param name="Message">What was done, in the official server's words.</param>
/// <param name="Deleted">How many items were removed (names not present are ignored).</param>
/// <param name="Namespace">The namespace written.</param>
public sealed record DeleteResult(
    [property: JsonPropertyName("success")] bool Success,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("deleted"), Description("How many items were removed; absent names are ignored")] int Deleted,
    [property: JsonPropertyName("namespace"), Description("The namespace written")] string Namespace);
