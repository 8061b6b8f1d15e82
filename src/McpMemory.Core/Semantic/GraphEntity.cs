using System.ComponentModel;
using System.Text.Json.Serialization;

namespace McpMemory.Core.Semantic;

/// <summary>
/// A node of the knowledge graph: a person, place, project or any named thing. <see cref="Name"/> is exact and
/// case-sensitive, as in the official memory server; <see cref="Aliases"/> are other names that resolve to it.
/// </summary>
public sealed record GraphEntity
{
    /// <summary>The exact name; unique in its namespace.</summary>
    [Description("The exact name; unique in its namespace.")]
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>What kind of thing it is (person, organization, event...).</summary>
    [Description("What kind of thing it is (person, organization, event...).")]
    [JsonPropertyName("entityType")]
    public required string EntityType { get; init; }

    /// <summary>Facts about it in free text, in the order they were added.</summary>
    [Description("Facts about it in free text, in the order they were added.")]
    [JsonPropertyName("observations")]
    public IReadOnlyList<string> Observations { get; init; } = [];

    /// <summary>Other names for it (from merges, or given when it was created).</summary>
    [Description("Other names for it (from merges, or given when it was created).")]
    [JsonPropertyName("aliases")]
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>Its position in creation order (stable; used for paging).</summary>
    [Description("Its position in creation order (stable; used for paging).")]
    [JsonPropertyName("seq")]
    public long Seq { get; init; }

    /// <summary>When it was created.</summary>
    [Description("When it was created.")]
    [JsonPropertyName("createdAt")]
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it last changed.</summary>
    [Description("When it last changed.")]
    [JsonPropertyName("updatedAt")]
    public DateTimeOffset UpdatedAt { get; init; }
}
