using System.Text.Json.Serialization;

namespace McpMemory.Server.Cli.Transfer;

/// <summary>What an import stored, as <c>mcp-memory import --json</c> prints it. Fields a format does not use are left out.</summary>
internal sealed record ImportSummary
{
    /// <summary>The namespace written to.</summary>
    [JsonPropertyName("namespace")]
    public required string Namespace { get; init; }

    /// <summary>The <c>--format</c> read.</summary>
    [JsonPropertyName("format")]
    public required string Format { get; init; }

    /// <summary>Records (episodes or entities) created.</summary>
    [JsonPropertyName("created")]
    public long Created { get; init; }

    /// <summary>Records already stored, left as they were (for entities: the name collisions).</summary>
    [JsonPropertyName("unchanged")]
    public long Unchanged { get; init; }

    /// <summary>Graph formats: relations created.</summary>
    [JsonPropertyName("relations_created")]
    public long? RelationsCreated { get; init; }

    /// <summary>Graph formats: relations already stored (or given twice in the file), left as they were.</summary>
    [JsonPropertyName("relations_unchanged")]
    public long? RelationsUnchanged { get; init; }

    /// <summary>Graph formats: how many entities of the file have a name already taken in the namespace (or earlier in the file).</summary>
    [JsonPropertyName("collisions")]
    public long? Collisions { get; init; }

    /// <summary>Graph formats: the colliding names, in file order.</summary>
    [JsonPropertyName("collision_names")]
    public IReadOnlyList<string>? CollisionNames { get; init; }

    /// <summary>Graph formats: relations left out because an end is an entity neither in the file nor in the namespace.</summary>
    [JsonPropertyName("dangling_relations")]
    public long? DanglingRelations { get; init; }

    /// <summary>How many writes the import took (one means it was stored atomically).</summary>
    [JsonPropertyName("writes")]
    public int Writes { get; init; }

    /// <summary>With <c>--wait-embeddings</c>: records still waiting for a vector at the end (0 once all are searchable by meaning); null when not waited for.</summary>
    [JsonPropertyName("pending_embeddings")]
    public long? PendingEmbeddings { get; init; }

    /// <summary>Seconds spent storing (reading and checking the file included, waiting for embeddings not).</summary>
    [JsonPropertyName("seconds")]
    public double Seconds { get; init; }

    /// <summary>Seconds spent waiting for embeddings, with <c>--wait-embeddings</c>.</summary>
    [JsonPropertyName("embedding_seconds")]
    public double? EmbeddingSeconds { get; init; }
}
