using System.ComponentModel;
using System.Text.Json.Serialization;

namespace McpMemory.Core.Semantic;

/// <summary>
/// The undo record of <c>entity_merge</c>: what the source entity was, and exactly what the merge changed, so that
/// <c>entity_unmerge</c> can put it back.
/// </summary>
public sealed record GraphMerge
{
    /// <summary>The id to pass to <c>entity_unmerge</c>.</summary>
    [Description("The id to pass to 'entity_unmerge'.")]
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>The entity that was merged away, as it was.</summary>
    [Description("The entity that was merged away, as it was.")]
    [JsonPropertyName("source")]
    public required GraphEntity Source { get; init; }

    /// <summary>The exact name of the entity that absorbed it.</summary>
    [Description("The exact name of the entity that absorbed it.")]
    [JsonPropertyName("target")]
    public required string Target { get; init; }

    /// <summary>Aliases the target gained.</summary>
    [Description("Aliases the target gained.")]
    [JsonPropertyName("added_aliases")]
    public IReadOnlyList<string> AddedAliases { get; init; } = [];

    /// <summary>Observations the target gained.</summary>
    [Description("Observations the target gained.")]
    [JsonPropertyName("added_observations")]
    public IReadOnlyList<string> AddedObservations { get; init; } = [];

    /// <summary>The source's relations as they were (removed by the merge).</summary>
    [Description("The source's relations as they were (removed by the merge).")]
    [JsonPropertyName("removed_relations")]
    public IReadOnlyList<GraphRelation> RemovedRelations { get; init; } = [];

    /// <summary>The relations the merge created on the target in their place.</summary>
    [Description("The relations the merge created on the target in their place.")]
    [JsonPropertyName("added_relations")]
    public IReadOnlyList<GraphRelation> AddedRelations { get; init; } = [];

    /// <summary>Facts whose subject or object was moved from the source to the target.</summary>
    [Description("Facts whose subject or object was moved from the source to the target.")]
    [JsonPropertyName("moved_facts")]
    public IReadOnlyList<MovedFact> MovedFacts { get; init; } = [];

    /// <summary>
    /// Current facts the merge invalidated because, once on one subject, they overlapped another fact of a
    /// single-valued predicate; as they were before the merge, so that <c>entity_unmerge</c> can put them back.
    /// </summary>
    [Description("Current facts the merge invalidated because, once on one subject, they overlapped another fact of a single-valued predicate (the later valid_from wins from its start); as they were before the merge.")]
    [JsonPropertyName("closed_facts")]
    public IReadOnlyList<GraphFact> ClosedFacts { get; init; } = [];

    /// <summary>The versions the merge recorded in place of <see cref="ClosedFacts"/>: the parts of their periods no later fact claims.</summary>
    [Description("The versions the merge recorded in place of closed_facts: the parts of their periods that no later fact claims.")]
    [JsonPropertyName("recorded_facts")]
    public IReadOnlyList<GraphFact> RecordedFacts { get; init; } = [];

    /// <summary>When the merge was made.</summary>
    [Description("When the merge was made.")]
    [JsonPropertyName("merged_at")]
    public DateTimeOffset MergedAt { get; init; }

    /// <summary>When it was undone, if it was.</summary>
    [Description("When it was undone, if it was.")]
    [JsonPropertyName("undone_at")]
    public DateTimeOffset? UndoneAt { get; init; }
}
