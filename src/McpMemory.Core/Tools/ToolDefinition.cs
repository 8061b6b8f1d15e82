using System.Text.Json;

namespace McpMemory.Core.Tools;

/// <summary>
/// A tool as the registry keeps it: data that describes a tool (never code or a command to run). Tools of upstream
/// MCP servers are registered with their server's name as <see cref="Source"/> and a name qualified by it.
/// </summary>
public sealed record ToolDefinition
{
    /// <summary>The tool's name, unique within a namespace's registry.</summary>
    public required string Name { get; init; }

    /// <summary>A human-readable title, if any.</summary>
    public string? Title { get; init; }

    /// <summary>What the tool does, as an agent reads it.</summary>
    public required string Description { get; init; }

    /// <summary>The JSON schema of the tool's arguments (an object schema).</summary>
    public required JsonElement InputSchema { get; init; }

    /// <summary>Where the definition comes from: an upstream server's name, or any label the caller gives.</summary>
    public required string Source { get; init; }

    /// <summary>The tool's own read-only hint, when its definition gives one.</summary>
    public bool? ReadOnly { get; init; }

    /// <summary>When this version was registered.</summary>
    public DateTimeOffset RegisteredAt { get; init; }
}
