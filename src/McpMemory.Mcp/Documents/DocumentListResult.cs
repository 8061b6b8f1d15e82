using System.ComponentModel;
using System.Text.Json.Serialization;

namespace McpMemory.Mcp.Documents;

/// <summary>The result of <c>document_list</c>.</summary>
public sealed record DocumentListResult(
    [property: Description("The namespace read.")] string Namespace,
    [property: Description("Documents, oldest first.")] IReadOnlyList<DocumentView> Documents,
    [property: Description("Pass as 'cursor' to get the next page; null on the last page.")]
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] // required by the output schema: null is written, not left out
    string? NextCursor);
