using System.Text.Json.Serialization;

namespace McpMemory.Core.Cache;

/// <summary>What a cache entry's record keeps in its metadata (its text is the question).</summary>
internal sealed record CacheRecord
{
    public string Answer { get; init; } = "";

    public string Key { get; init; } = SemanticCacheOptions.DefaultKey;

    public DateTimeOffset StoredAt { get; init; }

    public DateTimeOffset ExpiresAt { get; init; }

    public IReadOnlyList<string> DerivedFrom { get; init; } = [];

    /// <summary>The version, when stored, of each knowledge-graph record among <see cref="DerivedFrom"/> (entities and facts change in place).</summary>
    public IReadOnlyDictionary<string, string>? SourceVersions { get; init; }
}

/// <summary>One process's counters for one namespace, as written to the store.</summary>
internal sealed record CacheCounterRecord
{
    public string Instance { get; init; } = "";

    public long Sequence { get; init; }

    public CacheCounters Counters { get; init; } = new();

    /// <summary>When this process last served each entry it served, so that recency (and so eviction) survives a restart.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset>? LastUsed { get; init; }
}

/// <summary>Source-generated JSON for the cache's records.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CacheRecord))]
[JsonSerializable(typeof(CacheCounterRecord))]
internal sealed partial class CacheJsonContext : JsonSerializerContext;
