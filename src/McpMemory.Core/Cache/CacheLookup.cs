namespace McpMemory.Core.Cache;

/// <summary>The answer to a cache lookup: a hit with the answer, or a miss with its reason.</summary>
public sealed record CacheLookup
{
    /// <summary>The namespace looked in.</summary>
    public required string Namespace { get; init; }

    /// <summary>The model/prompt-version key looked under.</summary>
    public required string Key { get; init; }

    /// <summary>True when a cached answer is returned.</summary>
    public bool Hit { get; init; }

    /// <summary>The cached answer, on a hit.</summary>
    public string? Answer { get; init; }

    /// <summary>The entry served, on a hit.</summary>
    public string? EntryId { get; init; }

    /// <summary>The question the answer was stored for, on a hit.</summary>
    public string? CachedQuery { get; init; }

    /// <summary>The cosine similarity of the served entry (hit) or of the closest live one (miss); null when nothing was close.</summary>
    public double? Similarity { get; init; }

    /// <summary>The threshold in force.</summary>
    public double Threshold { get; init; }

    /// <summary>On a miss: <c>empty</c> (nothing cached under the key), <c>below_threshold</c>, <c>invalidated</c> (the close entries' sources changed or went) or <c>rejected</c> (the guard turned the candidates down).</summary>
    public string? MissReason { get; init; }

    /// <summary>Why it was accepted, or why it missed, in words.</summary>
    public required string Reason { get; init; }

    /// <summary>Candidates above the threshold that the guard turned down, closest first.</summary>
    public IReadOnlyList<CacheRejection> Rejected { get; init; } = [];

    /// <summary>When the served entry was stored.</summary>
    public DateTimeOffset? StoredAt { get; init; }

    /// <summary>When the served entry expires.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }
}

/// <summary>A candidate the guard turned down.</summary>
/// <param name="EntryId">The entry.</param>
/// <param name="CachedQuery">The question it was stored for.</param>
/// <param name="Similarity">Its cosine similarity to the lookup.</param>
/// <param name="Check">The check that turned it down (negation, number, date, entity, order).</param>
/// <param name="Reason">What differs.</param>
public sealed record CacheRejection(string EntryId, string CachedQuery, double Similarity, string Check, string Reason);

/// <summary>What a store did.</summary>
/// <param name="Namespace">The namespace written.</param>
/// <param name="Key">The key stored under.</param>
/// <param name="EntryId">The new entry.</param>
/// <param name="StoredAt">When.</param>
/// <param name="ExpiresAt">When it expires.</param>
/// <param name="Replaced">Entries for the same question under the same key that it replaced.</param>
/// <param name="Evicted">Entries evicted to stay within the size limit.</param>
public sealed record CacheStoreOutcome(string Namespace, string Key, string EntryId, DateTimeOffset StoredAt, DateTimeOffset ExpiresAt, int Replaced, int Evicted);

/// <summary>The state of a namespace's cache.</summary>
/// <param name="Namespace">The namespace.</param>
/// <param name="Counters">Counts since first use, across restarts and processes.</param>
/// <param name="Size">Live entries.</param>
/// <param name="MaxEntries">The size limit.</param>
/// <param name="Threshold">The similarity threshold.</param>
/// <param name="Guard">Whether the guard is on.</param>
public sealed record CacheStatistics(string Namespace, CacheCounters Counters, int Size, int MaxEntries, double Threshold, bool Guard)
{
    /// <summary>Hits over lookups (0 before any lookup).</summary>
    public double HitRate => Counters.Hits + Counters.Misses == 0 ? 0 : (double)Counters.Hits / (Counters.Hits + Counters.Misses);
}
