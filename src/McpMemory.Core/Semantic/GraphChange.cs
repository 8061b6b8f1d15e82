using System.Text.Json.Serialization;

namespace McpMemory.Core.Semantic;

/// <summary>
/// One change to a knowledge graph's state. A command turns into a list of changes, which a store makes durable as
/// one unit and then applies; replaying the same changes rebuilds the same graph.
/// </summary>
public sealed record GraphChange
{
    /// <summary>Puts <see cref="Entity"/> (creates it or replaces it whole).</summary>
    public const string PutEntity = "put_entity";

    /// <summary>Removes the entity <see cref="Name"/> (its relations are removed by their own changes).</summary>
    public const string RemoveEntity = "remove_entity";

    /// <summary>Puts <see cref="Relation"/>.</summary>
    public const string PutRelation = "put_relation";

    /// <summary>Removes <see cref="Relation"/>.</summary>
    public const string RemoveRelation = "remove_relation";

    /// <summary>Puts a fact version <see cref="Fact"/> (new, or its invalidation).</summary>
    public const string PutFact = "put_fact";

    /// <summary>Puts <see cref="Predicate"/>.</summary>
    public const string PutPredicate = "put_predicate";

    /// <summary>Puts <see cref="Merge"/>.</summary>
    public const string PutMerge = "put_merge";

    /// <summary>What to do: one of the constants of this type.</summary>
    [JsonPropertyName("op")]
    public required string Op { get; init; }

    /// <summary>The entity, for <see cref="PutEntity"/>.</summary>
    [JsonPropertyName("entity")]
    public GraphEntity? Entity { get; init; }

    /// <summary>The entity name, for <see cref="RemoveEntity"/>.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>The relation, for <see cref="PutRelation"/> and <see cref="RemoveRelation"/>.</summary>
    [JsonPropertyName("relation")]
    public GraphRelation? Relation { get; init; }

    /// <summary>The fact version, for <see cref="PutFact"/>.</summary>
    [JsonPropertyName("fact")]
    public GraphFact? Fact { get; init; }

    /// <summary>The predicate, for <see cref="PutPredicate"/>.</summary>
    [JsonPropertyName("predicate")]
    public GraphPredicate? Predicate { get; init; }

    /// <summary>The merge record, for <see cref="PutMerge"/>.</summary>
    [JsonPropertyName("merge")]
    public GraphMerge? Merge { get; init; }
}
