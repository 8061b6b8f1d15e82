using System.Text.Json.Serialization;

namespace McpMemory.Core.Semantic;

/// <summary>What a <see cref="GraphRequest"/> returned; each operation fills the fields it produces.</summary>
public sealed record GraphResponse
{
    /// <summary>Entities (created, read, opened or imported).</summary>
    [JsonPropertyName("entities")]
    public IReadOnlyList<GraphEntity>? Entities { get; init; }

    /// <summary>Ranked or traversed entities, with why each is there.</summary>
    [JsonPropertyName("hits")]
    public IReadOnlyList<EntityHit>? Hits { get; init; }

    /// <summary>Relations.</summary>
    [JsonPropertyName("relations")]
    public IReadOnlyList<GraphRelation>? Relations { get; init; }

    /// <summary>Observations that were added, per entity.</summary>
    [JsonPropertyName("added")]
    public IReadOnlyList<ObservationSet>? Added { get; init; }

    /// <summary>Names that look like existing entities.</summary>
    [JsonPropertyName("possible_duplicates")]
    public IReadOnlyList<DuplicateName>? PossibleDuplicates { get; init; }

    /// <summary>Import: names already present, left as they were.</summary>
    [JsonPropertyName("collisions")]
    public IReadOnlyList<string>? Collisions { get; init; }

    /// <summary>Facts.</summary>
    [JsonPropertyName("facts")]
    public IReadOnlyList<GraphFact>? Facts { get; init; }

    /// <summary>Fact versions that a new fact closed or invalidated.</summary>
    [JsonPropertyName("superseded")]
    public IReadOnlyList<GraphFact>? Superseded { get; init; }

    /// <summary>What a write did that the caller did not ask for in so many words (a period it capped, a rule it relaxed); null when nothing.</summary>
    [JsonPropertyName("note")]
    public string? Note { get; init; }

    /// <summary>Predicates.</summary>
    [JsonPropertyName("predicates")]
    public IReadOnlyList<GraphPredicate>? Predicates { get; init; }

    /// <summary>A path, start to end.</summary>
    [JsonPropertyName("path")]
    public IReadOnlyList<GraphPathStep>? Path { get; init; }

    /// <summary>A merge record.</summary>
    [JsonPropertyName("merge")]
    public GraphMerge? Merge { get; init; }

    /// <summary>How many results the whole list has (before offset and limit).</summary>
    [JsonPropertyName("total")]
    public int Total { get; init; }

    /// <summary>Relations of the whole list, for results with two lists.</summary>
    [JsonPropertyName("total_relations")]
    public int TotalRelations { get; init; }

    /// <summary>read_graph: entities after this page.</summary>
    [JsonPropertyName("remaining_entities")]
    public int RemainingEntities { get; init; }

    /// <summary>read_graph: relations after this page.</summary>
    [JsonPropertyName("remaining_relations")]
    public int RemainingRelations { get; init; }

    /// <summary>True when a write changed nothing (everything it asked for was already so).</summary>
    [JsonPropertyName("unchanged")]
    public bool Unchanged { get; init; }

    /// <summary>How many items a delete removed.</summary>
    [JsonPropertyName("deleted")]
    public int Deleted { get; init; }

    /// <summary>Counts.</summary>
    [JsonPropertyName("stats")]
    public GraphStats? Stats { get; init; }

    /// <summary>For <see cref="GraphOps.Versions"/>: each record that exists now, with its version.</summary>
    public IReadOnlyDictionary<string, string>? Versions { get; init; }
}
