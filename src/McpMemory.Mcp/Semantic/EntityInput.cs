using System.ComponentModel;
using System.Text.Json.Serialization;

namespace McpMemory.Mcp.Semantic;

/// <summary>An entity to create, in the official memory server's shape (plus optional aliases).</summary>
public sealed record EntityInput
{
    /// <summary>The exact name.</summary>
    [JsonPropertyName("name")]
    [Description("The name of the entity")]
    public required string Name { get; init; }

    /// <summary>The type.</summary>
    [JsonPropertyName("entityType")]
    [Description("The type of the entity")]
    public required string EntityType { get; init; }

    /// <summary>The observations.</summary>
    [JsonPropertyName("observations")]
    [Description("An array of observation contents associated with the entity")]
    public IReadOnlyList<string> Observations { get; init; } = [];

    /// <summary>Other names.</summary>
    [JsonPropertyName("aliases")]
    [Description("Optional: other names of the entity; the graph tools resolve them to it")]
    public IReadOnlyList<string>? Aliases { get; init; }
}
