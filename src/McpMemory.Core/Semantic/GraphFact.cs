using System.ComponentModel;
using System.Text.Json.Serialization;

namespace McpMemory.Core.Semantic;

/// <summary>
/// One version of a bi-temporal fact: (subject, predicate, object entity or literal value), true in the world from
/// <see cref="ValidFrom"/> until <see cref="ValidTo"/>, and known to us from <see cref="RecordedAt"/> until
/// <see cref="InvalidatedAt"/>. Versions are never edited away: a correction invalidates a version and records a new
/// one, so that what we knew at any moment can still be asked.
/// </summary>
public sealed record GraphFact
{
    /// <summary>The id of this version.</summary>
    [Description("The id of this version.")]
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>The exact name of the entity the fact is about.</summary>
    [Description("The exact name of the entity the fact is about.")]
    [JsonPropertyName("subject")]
    public required string Subject { get; init; }

    /// <summary>The declared predicate.</summary>
    [Description("The declared predicate.")]
    [JsonPropertyName("predicate")]
    public required string Predicate { get; init; }

    /// <summary>The entity it points to, for predicates whose object is an entity.</summary>
    [Description("The entity it points to, for predicates whose object is an entity.")]
    [JsonPropertyName("object")]
    public string? Object { get; init; }

    /// <summary>The literal value, for predicates whose object is a value.</summary>
    [Description("The literal value, for predicates whose object is a value.")]
    [JsonPropertyName("value")]
    public string? Value { get; init; }

    /// <summary>When it became true in the world; null means "since always".</summary>
    [Description("When it became true in the world; null means \"since always\".")]
    [JsonPropertyName("valid_from")]
    public DateTimeOffset? ValidFrom { get; init; }

    /// <summary>When it stopped being true in the world (exclusive); null means "still true".</summary>
    [Description("When it stopped being true in the world (exclusive); null means \"still true\".")]
    [JsonPropertyName("valid_to")]
    public DateTimeOffset? ValidTo { get; init; }

    /// <summary>When we recorded this version.</summary>
    [Description("When we recorded this version.")]
    [JsonPropertyName("recorded_at")]
    public DateTimeOffset RecordedAt { get; init; }

    /// <summary>When we stopped believing this version (a correction or supersession replaced it); null while current.</summary>
    [Description("When we stopped believing this version (a correction or supersession replaced it); null while current.")]
    [JsonPropertyName("invalidated_at")]
    public DateTimeOffset? InvalidatedAt { get; init; }

    /// <summary>The id of the fact that caused this version to be invalidated or closed.</summary>
    [Description("The id of the fact that caused this version to be invalidated or closed.")]
    [JsonPropertyName("superseded_by")]
    public string? SupersededBy { get; init; }

    /// <summary>The id of the version this one replaced (an earlier version of the same fact).</summary>
    [Description("The id of the version this one replaced (an earlier version of the same fact).")]
    [JsonPropertyName("replaces")]
    public string? Replaces { get; init; }

    /// <summary>Where the fact came from (a document, a conversation, a person).</summary>
    [Description("Where the fact came from (a document, a conversation, a person).")]
    [JsonPropertyName("source")]
    public string? Source { get; init; }

    /// <summary>True when this version was believed at <paramref name="knownAt"/>.</summary>
    public bool KnownAt(DateTimeOffset knownAt) => RecordedAt <= knownAt && (InvalidatedAt is null || InvalidatedAt > knownAt);

    /// <summary>True when this version says the fact held at <paramref name="validAt"/>.</summary>
    public bool ValidAt(DateTimeOffset validAt) => (ValidFrom is null || ValidFrom <= validAt) && (ValidTo is null || ValidTo > validAt);

    /// <summary>True when the validity periods of the two versions share a moment.</summary>
    public bool Overlaps(DateTimeOffset? from, DateTimeOffset? to) =>
        (ValidTo is null || from is null || ValidTo > from) && (to is null || ValidFrom is null || ValidFrom < to);

    /// <summary>The object or value, for messages.</summary>
    [JsonIgnore]
    public string Target => Object ?? Value ?? "";
}
