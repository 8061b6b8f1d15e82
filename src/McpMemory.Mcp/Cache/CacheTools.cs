using System.ComponentModel;
using System.Security.Claims;
using McpMemory.Core.Cache;
using McpMemory.Mcp.Episodic;
using McpMemory.Mcp.Identity;
using ModelContextProtocol.Server;

namespace McpMemory.Mcp.Cache;

/// <summary>The semantic cache tools: answers served again only for what is really the same question.</summary>
[McpServerToolType]
public sealed class CacheTools(SemanticCache cache, PrincipalResolver principals)
{
    private const string NamespaceHelp = "Namespace to use; leave out for your default namespace. Only namespaces you are allowed are accepted.";
    private const string KeyHelp = "The model/prompt-version key, such as 'gpt-4o/prompt-v3': entries stored under one key are never served under another. Default 'default'.";

    /// <summary>cache_lookup.</summary>
    [McpServerTool(Name = "cache_lookup", Title = "Look up a cached answer", ReadOnly = true, Idempotent = false, Destructive = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Look a question up in the semantic cache. Returns the cached answer when a stored question is close in meaning (cosine similarity at or above the threshold) and the guard finds no difference that changes the answer " +
        "(negation, numbers, dates, named entities, or the order of the two sides of a comparison or conversion such as 'USD to EUR' against 'EUR to USD'), with the similarity and why it was accepted. " +
        "Otherwise a miss with the reason: nothing cached, nothing close enough, or the closest was rejected and why.")]
    public Task<CacheLookupResult> LookupAsync(
        [Description("The question to look up.")] string query,
        [Description(KeyHelp)] string? key = null,
        [Description(NamespaceHelp)] string? @namespace = null,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default) =>
        EpisodicTools.Guard(async () =>
            CacheLookupResult.From(await cache.LookupAsync(principals.Resolve(user), @namespace, query, key, cancellationToken).ConfigureAwait(false)));

    /// <summary>cache_store.</summary>
    [McpServerTool(Name = "cache_store", Title = "Cache an answer", ReadOnly = false, Idempotent = false, Destructive = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Store an answer for a question in the semantic cache, durable and visible to the very next lookup. It lives for 'ttl_seconds' (default one day), under a model/prompt-version 'key'; " +
        "give 'derived_from' (ids of the episodes, documents, document chunks or facts the answer came from, or entity:NAME for a knowledge-graph entity) and the entry is invalidated when any of them is deleted, or when an entity or fact among them changes (new observations, a superseded fact). " +
        "Storing the same question under the same key again replaces the entry; when the namespace is full, the least recently used entry is evicted.")]
    public Task<CacheStoreResult> StoreAsync(
        [Description("The question the answer is for.")] string query,
        [Description("The answer to serve for it and for questions that mean the same.")] string answer,
        [Description("How long the entry lives, in seconds (default 86400).")] int? ttl_seconds = null,
        [Description(KeyHelp)] string? key = null,
        [Description("Ids of the memory records the answer was derived from: episodes, documents such as doc_..., chunks such as doc_...:3, facts such as fact_..., or entity:NAME (the exact entity name). Deleting or changing one invalidates the entry.")] IReadOnlyList<string>? derived_from = null,
        [Description(NamespaceHelp)] string? @namespace = null,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default) =>
        EpisodicTools.Guard(async () =>
        {
            var outcome = await cache.StoreAsync(principals.Resolve(user), @namespace, query, answer, ttl_seconds, key, derived_from, cancellationToken).ConfigureAwait(false);
            return new CacheStoreResult(outcome.Namespace, outcome.Key, outcome.EntryId, outcome.StoredAt, outcome.ExpiresAt, outcome.Replaced, outcome.Evicted);
        });

    /// <summary>cache_invalidate.</summary>
    [McpServerTool(Name = "cache_invalidate", Title = "Invalidate cached answers", ReadOnly = false, Idempotent = true, Destructive = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Remove cached answers: those under one model/prompt-version 'key', under every key starting with 'prefix', or with 'all': true every entry of the namespace. Give exactly one.")]
    public Task<CacheInvalidateResult> InvalidateAsync(
        [Description("Remove the entries under exactly this key.")] string? key = null,
        [Description("Remove the entries under every key that starts with this, such as 'gpt-4o/' for every prompt version of a model.")] string? prefix = null,
        [Description("True to remove every entry of the namespace.")] bool all = false,
        [Description(NamespaceHelp)] string? @namespace = null,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default) =>
        EpisodicTools.Guard(async () =>
        {
            var (ns, removed) = await cache.InvalidateAsync(principals.Resolve(user), @namespace, key, prefix, all, cancellationToken).ConfigureAwait(false);
            return new CacheInvalidateResult(ns, removed);
        });

    /// <summary>cache_stats.</summary>
    [McpServerTool(Name = "cache_stats", Title = "Cache statistics", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("The semantic cache's counts for a namespace since it was first used, kept across restarts: hits, misses, guard rejections, hit rate, evictions, expirations and invalidations; its size and limit, threshold and whether the guard is on.")]
    public Task<CacheStatsResult> StatsAsync(
        [Description(NamespaceHelp)] string? @namespace = null,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default) =>
        EpisodicTools.Guard(async () =>
            CacheStatsResult.From(await cache.GetStatisticsAsync(principals.Resolve(user), @namespace, cancellationToken).ConfigureAwait(false)));
}
