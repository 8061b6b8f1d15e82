using System.Text.Json;

namespace McpMemory.Core.Tools;

/// <summary>What a tool's record keeps in its metadata: the definition as registered.</summary>
internal sealed record ToolRecord
{
    public string Name { get; init; } = "";

    public string? Title { get; init; }

    public string Description { get; init; } = "";

    public JsonElement InputSchema { get; init; }

    public string Source { get; init; } = "";

    public bool? ReadOnly { get; init; }
}
