using System.Text.Json.Serialization;

namespace McpMemory.Core.Semantic;

/// <summary>A directed, typed edge between two entities ("Alice works_at Acme"), in active voice.</summary>
public sealed record GraphRelation
{
    /// <summary>The exact name of the entity it starts at.</summary>
    [JsonPropertyName("from")]
    public required string From { get; init; }

    /// <summary>The exact name of the entity it ends at.</summary>
    [JsonPropertyName("to")]
    public required string To { get; init; }

    /// <summary>The kind of relation.</summary>
    [JsonPropertyName("relationType")]
    public required string RelationType { get; init; }

    /// <summary>Its position in creation order (stable; used for paging).</summary>
    [JsonPropertyName("seq")]
    public long Seq { get; init; }

    /// <summary>When it was created.</summary>
    [JsonPropertyName("createdAt")]
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>True when both relations join the same entities with the same type.</summary>
    public bool SameEdge(GraphRelation other) =>
        other is not null
        && string.Equals(From, other.From, StringComparison.Ordinal)
        && string.Equals(To, other.To, StringComparison.Ordinal)
        && string.Equals(RelationType, other.RelationType, StringComparison.Ordinal);
}
