using System.Text.Json;

namespace McpMemory.A2A.Protocol;

/// <summary>An output of a task.</summary>
public sealed record A2AArtifact
{
    /// <summary>Unique within its task.</summary>
    public required string ArtifactId { get; init; }

    /// <summary>A short name.</summary>
    public string? Name { get; init; }

    /// <summary>What it holds.</summary>
    public string? Description { get; init; }

    /// <summary>The content.</summary>
    public IReadOnlyList<A2APart> Parts { get; init; } = [];

    /// <summary>Optional metadata.</summary>
    public JsonElement? Metadata { get; init; }
}
