using System.Text.Json.Serialization;

namespace McpMemory.Core.Semantic;

/// <summary>
/// A node of the knowledge graph: a person, place, project or any named thing. <see cref="Name"/> is exact and
/// case-sensitive, as in the official memory server; <see cref="Aliases"/> are other names that resolve to it.
/// </summary>
public sealed record GraphEntity
{
    /// <summary>The exact name; unique in its namespace.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>What kind of thing it is (person, organization, event...).</summary>
    [JsonPropertyName("entityType")]
    public required string EntityType { get; init; }

    /// <summary>Facts about it in free text, in the order they were added.</summary>
    [JsonPropertyName("observations")]
    public IReadOnlyList<string> Observations { get; init; } = [];

    /// <summary>Other names for it (from merges, or given when it was created).</summary>
    [JsonPropertyName("aliases")]
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>Its position in creation order (stable; used for paging).</summary>
    [JsonPropertyName("seq")]
    public long Seq { get; init; }

    /// <summary>When it was created.</summary>
    [JsonPropertyName("createdAt")]
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it last changed.</summary>
    [JsonPropertyName("updatedAt")]
    public DateTimeOffset UpdatedAt { get; init; }
}
