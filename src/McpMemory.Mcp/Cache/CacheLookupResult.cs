using System.ComponentModel;
using McpMemory.Core.Cache;

namespace McpMemory.Mcp.Cache;

/// <summary>The result of <c>cache_lookup</c>.</summary>
public sealed record CacheLookupResult(
    [property: Description("The namespace looked in.")] string Namespace,
    [property: Description("The model/prompt-version key looked under.")] string Key,
    [property: Description("True when a cached answer is returned.")] bool Hit,
    [property: Description("The cached answer (hits only).")] string? Answer,
    [property: Description("The id of the entry served (hits only).")] string? EntryId,
    [property: Description("The question the answer was stored for (hits only).")] string? CachedQuery,
    [property: Description("Cosine similarity of the entry served, or on a miss of the closest live entry; null when nothing is cached under the key.")] double? Similarity,
    [property: Description("The similarity threshold in force.")] double Threshold,
    [property: Description("On a miss: 'empty' (nothing cached under the key), 'below_threshold' (nothing close enough), 'invalidated' (the close ones were derived from records that changed or were deleted, and are gone now) or 'rejected' (close enough, but the guard found a difference). Null on a hit.")] string? MissReason,
    [property: Description("Why the answer was accepted, or why there is none, in words.")] string Reason,
    [property: Description("Cached questions above the threshold that the guard turned down, closest first, each with the check and the difference.")] IReadOnlyList<CacheRejectionView> Rejected,
    [property: Description("When the entry served was stored (hits only).")] DateTimeOffset? StoredAt,
    [property: Description("When the entry served expires (hits only).")] DateTimeOffset? ExpiresAt)
{
    internal static CacheLookupResult From(CacheLookup lookup) => new(
        lookup.Namespace, lookup.Key, lookup.Hit, lookup.Answer, lookup.EntryId, lookup.CachedQuery, lookup.Similarity, lookup.Threshold,
        lookup.MissReason, lookup.Reason, [.. lookup.Rejected.Select(CacheRejectionView.From)], lookup.StoredAt, lookup.ExpiresAt);
}

/// <summary>A cached question the guard turned down.</summary>
public sealed record CacheRejectionView(
    [property: Description("The entry.")] string EntryId,
    [property: Description("The question it was stored for.")] string CachedQuery,
    [property: Description("Its cosine similarity to the lookup.")] double Similarity,
    [property: Description("The check that found the difference: negation, number, date, entity or order.")] string Check,
    [property: Description("What differs, quoting both questions.")] string Reason)
{
    internal static CacheRejectionView From(CacheRejection rejection) =>
        new(rejection.EntryId, rejection.CachedQuery, rejection.Similarity, rejection.Check, rejection.Reason);
}
