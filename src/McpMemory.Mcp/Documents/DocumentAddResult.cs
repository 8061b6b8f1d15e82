using System.ComponentModel;

namespace McpMemory.Mcp.Documents;

/// <summary>The result of <c>document_add</c>.</summary>
public sealed record DocumentAddResult(
    [property: Description("The namespace written to.")] string Namespace,
    [property: Description("The stored document: the new one, or the one that was there already.")] DocumentView Document,
    [property: Description("True when it was stored now; false when the same text from the same source was there already and nothing changed.")] bool Created);
