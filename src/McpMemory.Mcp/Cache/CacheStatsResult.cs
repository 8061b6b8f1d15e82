using System.ComponentModel;
using McpMemory.Core.Cache;

namespace McpMemory.Mcp.Cache;

/// <summary>The result of <c>cache_stats</c>.</summary>
public sealed record CacheStatsResult(
    [property: Description("The namespace.")] string Namespace,
    [property: Description("Lookups that returned a cached answer, since the cache was first used (counts survive restarts).")] long Hits,
    [property: Description("Lookups that returned none.")] long Misses,
    [property: Description("Misses where a cached question was close enough but the guard turned it down.")] long Rejections,
    [property: Description("Hits over lookups (0 before any).")] double HitRate,
    [property: Description("Live entries.")] int Size,
    [property: Description("The size limit (McpMemory:Cache:MaxEntries); beyond it the least recently used entry is evicted.")] int MaxEntries,
    [property: Description("Entries evicted to stay within the size limit.")] long Evictions,
    [property: Description("Entries removed because their TTL passed.")] long Expirations,
    [property: Description("Entries invalidated: by cache_invalidate, or because a record they were derived from changed or was deleted.")] long Invalidations,
    [property: Description("The similarity threshold (McpMemory:Cache:Threshold).")] double Threshold,
    [property: Description("Whether the guard is on (McpMemory:Cache:Guard).")] bool Guard)
{
    internal static CacheStatsResult From(CacheStatistics stats) => new(
        stats.Namespace, stats.Counters.Hits, stats.Counters.Misses, stats.Counters.Rejections, Math.Round(stats.HitRate, 4), stats.Size, stats.MaxEntries,
        stats.Counters.Evictions, stats.Counters.Expirations, stats.Counters.Invalidations, stats.Threshold, stats.Guard);
}
