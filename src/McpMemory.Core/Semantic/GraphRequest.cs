using System.Text.Json.Serialization;

namespace McpMemory.Core.Semantic;

/// <summary>
/// One call to a knowledge graph (see <see cref="GraphOps"/>). It is one plain message so that a process that does
/// not own the store can forward it unchanged; each operation reads the fields it needs.
/// </summary>
public sealed record GraphRequest
{
    /// <summary>The operation, one of <see cref="GraphOps"/>.</summary>
    [JsonPropertyName("op")]
    public required string Op { get; init; }

    /// <summary>Entities to create or import.</summary>
    [JsonPropertyName("entities")]
    public IReadOnlyList<GraphEntity>? Entities { get; init; }

    /// <summary>Relations to create, delete or import.</summary>
    [JsonPropertyName("relations")]
    public IReadOnlyList<GraphRelation>? Relations { get; init; }

    /// <summary>Observations to add or delete.</summary>
    [JsonPropertyName("observations")]
    public IReadOnlyList<ObservationSet>? Observations { get; init; }

    /// <summary>Entity names.</summary>
    [JsonPropertyName("names")]
    public IReadOnlyList<string>? Names { get; init; }

    /// <summary>Search text.</summary>
    [JsonPropertyName("query")]
    public string? Query { get; init; }

    /// <summary>The entity a traversal starts at, or the source of a merge.</summary>
    [JsonPropertyName("entity")]
    public string? Entity { get; init; }

    /// <summary>The other end of a path, or the target of a merge.</summary>
    [JsonPropertyName("target")]
    public string? Target { get; init; }

    /// <summary>Hops for traversals.</summary>
    [JsonPropertyName("depth")]
    public int Depth { get; init; } = 1;

    /// <summary>Only these relation types, for traversals.</summary>
    [JsonPropertyName("relation_types")]
    public IReadOnlyList<string>? RelationTypes { get; init; }

    /// <summary>Only these entity types, for searches.</summary>
    [JsonPropertyName("entity_types")]
    public IReadOnlyList<string>? EntityTypes { get; init; }

    /// <summary><c>out</c>, <c>in</c> or <c>both</c>, for traversals.</summary>
    [JsonPropertyName("direction")]
    public string Direction { get; init; } = "both";

    /// <summary>How many matches by meaning or hits at most.</summary>
    [JsonPropertyName("k")]
    public int K { get; init; } = 10;

    /// <summary>The lowest cosine similarity a match by meaning needs.</summary>
    [JsonPropertyName("min_score")]
    public float? MinScore { get; init; }

    /// <summary><c>hybrid</c>, <c>dense</c> or <c>keyword</c>, for entity_search.</summary>
    [JsonPropertyName("mode")]
    public string? Mode { get; init; }

    /// <summary>Wait until every entity is searchable by meaning before searching.</summary>
    [JsonPropertyName("wait_for_embeddings")]
    public bool WaitForEmbeddings { get; init; }

    /// <summary>Skip this many results of a list.</summary>
    [JsonPropertyName("offset")]
    public int Offset { get; init; }

    /// <summary>Return at most this many results of a list.</summary>
    [JsonPropertyName("limit")]
    public int Limit { get; init; } = 500;

    /// <summary>read_graph: continue after this entity sequence number.</summary>
    [JsonPropertyName("after_entity")]
    public long AfterEntity { get; init; }

    /// <summary>read_graph: continue after this relation sequence number.</summary>
    [JsonPropertyName("after_relation")]
    public long AfterRelation { get; init; }

    /// <summary>A fact to add, or the successor for fact_supersede.</summary>
    [JsonPropertyName("fact")]
    public GraphFact? Fact { get; init; }

    /// <summary>The fact to supersede.</summary>
    [JsonPropertyName("fact_id")]
    public string? FactId { get; init; }

    /// <summary>A predicate to declare, or to filter facts by (its name).</summary>
    [JsonPropertyName("predicate")]
    public GraphPredicate? Predicate { get; init; }

    /// <summary>fact_query: the object entity or value to match.</summary>
    [JsonPropertyName("object")]
    public string? Object { get; init; }

    /// <summary>fact_query: what held at this time in the world (default now).</summary>
    [JsonPropertyName("valid_at")]
    public DateTimeOffset? ValidAt { get; init; }

    /// <summary>fact_query: as we knew it at this time (default now).</summary>
    [JsonPropertyName("known_at")]
    public DateTimeOffset? KnownAt { get; init; }

    /// <summary>The merge to undo.</summary>
    [JsonPropertyName("merge_id")]
    public string? MergeId { get; init; }
}
