namespace McpMemory.Core.Cache;

/// <summary>What the cache of a namespace has done, counted since it was first used (across restarts).</summary>
public sealed record CacheCounters
{
    /// <summary>Lookups that returned a cached answer.</summary>
    public long Hits { get; init; }

    /// <summary>Lookups that returned none.</summary>
    public long Misses { get; init; }

    /// <summary>Misses where a cached question was close enough but the guard turned it down.</summary>
    public long Rejections { get; init; }

    /// <summary>Entries removed to keep the namespace within its size limit.</summary>
    public long Evictions { get; init; }

    /// <summary>Entries removed because their TTL had passed.</summary>
    public long Expirations { get; init; }

    /// <summary>Entries removed because a record they were derived from was deleted.</summary>
    public long Invalidations { get; init; }

    /// <summary>The sum of two sets of counts.</summary>
    public CacheCounters Add(CacheCounters other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new CacheCounters
        {
            Hits = Hits + other.Hits,
            Misses = Misses + other.Misses,
            Rejections = Rejections + other.Rejections,
            Evictions = Evictions + other.Evictions,
            Expirations = Expirations + other.Expirations,
            Invalidations = Invalidations + other.Invalidations,
        };
    }
}
