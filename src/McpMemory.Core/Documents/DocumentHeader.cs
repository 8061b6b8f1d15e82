using System.Text.Json;

namespace McpMemory.Core.Documents;

/// <summary>What a document's first chunk keeps about the whole document.</summary>
internal sealed record DocumentHeader
{
    public string Format { get; init; } = "text";

    public int Length { get; init; }

    public int Chunks { get; init; }

    public string Hash { get; init; } = "";

    public JsonElement? Metadata { get; init; }
}
