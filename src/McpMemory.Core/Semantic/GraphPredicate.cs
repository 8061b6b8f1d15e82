using System.ComponentModel;
using System.Text.Json.Serialization;

namespace McpMemory.Core.Semantic;

/// <summary>A declared fact predicate: whether a subject holds one value at a time, and what its object is.</summary>
public sealed record GraphPredicate
{
    /// <summary>Object kind: another entity of the graph.</summary>
    public const string EntityObject = "entity";

    /// <summary>Object kind: a literal value (text, number, date...).</summary>
    public const string ValueObject = "value";

    /// <summary>The predicate name (lower case, such as <c>lives_in</c>).</summary>
    [Description("The predicate name (lower case, such as 'lives_in').")]
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>True when a subject has one value at a time: a newer overlapping fact supersedes the older one.</summary>
    [Description("True when a subject has one value at a time: a newer overlapping fact supersedes the older one.")]
    [JsonPropertyName("single_valued")]
    public bool SingleValued { get; init; }

    /// <summary><see cref="EntityObject"/> or <see cref="ValueObject"/>.</summary>
    [Description("EntityObject or ValueObject.")]
    [JsonPropertyName("object_kind")]
    public required string ObjectKind { get; init; }

    /// <summary>What the predicate means, for people and models.</summary>
    [Description("What the predicate means, for people and models.")]
    [JsonPropertyName("description")]
    public string? Description { get; init; }
}
