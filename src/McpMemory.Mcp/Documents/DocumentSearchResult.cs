using System.ComponentModel;

namespace McpMemory.Mcp.Documents;

/// <summary>The result of <c>document_search</c>.</summary>
public sealed record DocumentSearchResult(
    [property: Description("The namespace searched.")] string Namespace,
    [property: Description("The ranking used: hybrid, dense or keyword.")] string Mode,
    [property: Description("Hits, best first.")] IReadOnlyList<DocumentSearchHit> Hits);
