using System.ComponentModel;
using System.Text.Json.Serialization;

namespace McpMemory.Mcp.Documents;

/// <summary>The result of <c>document_get</c>.</summary>
public sealed record DocumentGetResult(
    [property: Description("The namespace read.")] string Namespace,
    [property: Description("The document.")] DocumentView Document,
    [property: Description("The text returned: whole chunks from first_chunk to last_chunk, joined without repeating their overlaps.")] PassageView Content,
    [property: Description("Pass as 'cursor' (with the same document_id) for the rest of the range; null when it is complete.")]
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] // required by the output schema: null is written, not left out
    string? NextCursor);
