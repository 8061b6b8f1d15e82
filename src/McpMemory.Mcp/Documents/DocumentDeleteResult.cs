using System.ComponentModel;

namespace McpMemory.Mcp.Documents;

/// <summary>The result of <c>document_delete</c>.</summary>
public sealed record DocumentDeleteResult(
    [property: Description("The namespace changed.")] string Namespace,
    [property: Description("Ids of the documents deleted.")] IReadOnlyList<string> Deleted,
    [property: Description("Ids asked for that were not there.")] IReadOnlyList<string> Missing,
    [property: Description("How many chunks were removed in all.")] int Chunks);
