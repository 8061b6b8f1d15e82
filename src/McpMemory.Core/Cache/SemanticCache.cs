using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using McpMemory.Core.Episodic;
using McpMemory.Core.Identity;
using McpMemory.Core.Semantic;
using McpMemory.Core.Storage;
using Microsoft.Extensions.Options;

namespace McpMemory.Core.Cache;

/// <summary>
/// A semantic cache of answers, per namespace and per model/prompt-version key. Entries are records of the episode
/// store in the namespace's hidden companion (<see cref="CompanionNamespace.CacheEntries"/>): the question is the record's text, so the
/// store embeds it, finds it by meaning, keeps it durable, shares it with other processes and backs it up; the key is
/// the record's session, and the answer, TTL and the ids it was derived from are its metadata. A lookup takes the
/// closest live entries under its key (skipping expired ones and those whose sources are gone); of those at or above the
/// similarity threshold it takes the best by similarity plus <see cref="SemanticCacheOptions.LexicalWeight"/> times their
/// character overlap (near-duplicate questions get close cosines), and serves it when the <see cref="CacheGuard"/>
/// accepts it; when the guard rejects it, the lookup misses (serving a worse one instead gave many more wrong answers).
/// Entries derived from a record are removed when that record is deleted (heard on the <see cref="EpisodeChangeFeed"/>,
/// and checked again at lookup for deletions made by other processes and for changed knowledge-graph records). Writes are
/// visible to the very next call.
/// </summary>
public sealed partial class SemanticCache : IAsyncDisposable
{
    /// <summary>The most ids an entry may be derived from.</summary>
    public const int MaxDerivedFrom = 100;

    /// <summary>The most characters of a key.</summary>
    public const int MaxKeyLength = 200;

    private readonly IEpisodeStore _store;
    private readonly SemanticCacheOptions _options;
    private readonly McpMemoryOptions _memory;
    private readonly ConcurrentDictionary<string, Lazy<Task<CacheState>>> _states = new(StringComparer.Ordinal);
    private readonly IKnowledgeGraphStore? _graph;
    private readonly IDisposable? _subscription;
    private readonly CancellationTokenSource _stopping = new();
    private readonly string _instance = Guid.CreateVersion7().ToString("N")[..16];

    /// <summary>
    /// Creates the cache over <paramref name="store"/>; with a <paramref name="changes"/> feed, deletions of source
    /// records invalidate entries at once; with the <paramref name="graph"/>, entries may be derived from entities and
    /// facts, and are invalidated when one of them changes.
    /// </summary>
    public SemanticCache(IEpisodeStore store, IOptions<SemanticCacheOptions> options, IOptions<McpMemoryOptions> memory, EpisodeChangeFeed? changes = null, IKnowledgeGraphStore? graph = null)
    {
        _graph = graph;
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(memory);
        _store = store;
        _options = options.Value;
        _memory = memory.Value;
        _subscription = changes?.Subscribe(OnDeletedAsync);
    }

    /// <summary>The options in force.</summary>
    public SemanticCacheOptions Options => _options;

    private DateTimeOffset Now => _options.TimeProvider.GetUtcNow();

    /// <summary>Looks <paramref name="query"/> up in the principal's namespace under <paramref name="key"/>.</summary>
    public async Task<CacheLookup> LookupAsync(MemoryPrincipal principal, string? ns, string? query, string? key = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var target = principal.ResolveNamespace(ns, NamespaceAccess.Read);
        CheckQuery(query);
        var cacheKey = CheckKey(key);
        var state = await StateAsync(target, cancellationToken).ConfigureAwait(false);
        var hits = await _store.SearchAsync(CompanionNamespace.CacheEntries.For(target), new EpisodeSearchQuery
        {
            Text = query!,
            K = _options.Candidates,
            Mode = SearchMode.Dense,
            WaitForEmbeddings = true,
            EmbedQueryAsRecord = true,
            Filter = new EpisodeFilter { SessionId = cacheKey },
        }, cancellationToken).ConfigureAwait(false);

        var now = Now;
        var threshold = _options.Threshold;
        var rejected = new List<CacheRejection>();
        var expired = new List<string>();
        var orphaned = new List<string>();
        double? closest = null;
        var eligible = new List<(Episode Episode, CacheRecord Record, double Similarity, double Overlap)>();
        foreach (var hit in hits)
        {
            if (ReadRecord(hit.Episode) is not { } record)
            {
                continue;
            }

            if (record.ExpiresAt <= now)
            {
                expired.Add(hit.Episode.Id);
                continue;
            }

            var similarity = Math.Round((double)(hit.DenseScore ?? (float)hit.Score), 4);
            if (similarity >= threshold && record.DerivedFrom.Count > 0
                && (await ChangedSourcesAsync(target, record.DerivedFrom, record.SourceVersions, cancellationToken).ConfigureAwait(false)).Count > 0)
            {
                orphaned.Add(hit.Episode.Id);
                continue;
            }

            closest ??= similarity;
            if (similarity < threshold)
            {
                break;
            }

            eligible.Add((hit.Episode, record, similarity, Math.Round(CacheGuard.TrigramOverlap(hit.Episode.Text, query!), 4)));
        }

        // Near-duplicate questions get close cosines: among those above the threshold, the one that also shares more of
        // the wording is the one to serve, if the guard agrees.
        (Episode Episode, CacheRecord Record, double Similarity)? served = null;
        var ranked = "";
        if (eligible.Count > 0)
        {
            var weight = _options.LexicalWeight;
            var (episode, record, similarity, overlap) = eligible.MaxBy(e => e.Similarity + (weight * e.Overlap));
            if (eligible.Count > 1 && weight > 0)
            {
                ranked = Invariant($"; first of {eligible.Count} candidates above the threshold by similarity + {weight:0.##} x character overlap ({similarity:F3} + {weight:0.##} x {overlap:F3})");
            }

            var verdict = _options.Guard ? CacheGuard.Check(episode.Text, query!) : GuardVerdict.Pass;
            if (verdict.Accepted)
            {
                served = (episode, record, similarity);
            }
            else
            {
                // The best candidate differs in what matters: a worse one is even less likely the same question.
                rejected.Add(new CacheRejection(episode.Id, episode.Text, similarity, verdict.Check!, verdict.Reason));
            }
        }

        await RemoveAsync(target, state, expired, (c, n) => c with { Expirations = c.Expirations + n }, cancellationToken).ConfigureAwait(false);
        await RemoveAsync(target, state, orphaned, (c, n) => c with { Invalidations = c.Invalidations + n }, cancellationToken).ConfigureAwait(false);
        if (served is { } found)
        {
            state.Touch(found.Episode, found.Record, now);
            Count(target, state, c => c with { Hits = c.Hits + 1 });
            var passed = _options.Guard ? $"the guard found {GuardVerdict.Pass.Reason}" : "the guard is off";
            return new CacheLookup
            {
                Namespace = target,
                Key = cacheKey,
                Hit = true,
                Answer = found.Record.Answer,
                EntryId = found.Episode.Id,
                CachedQuery = found.Episode.Text,
                Similarity = found.Similarity,
                Threshold = threshold,
                Reason = Invariant($"similarity {found.Similarity:F3} is at or above the threshold {threshold:F2}{ranked}, and {passed}"),
                Rejected = rejected,
                StoredAt = found.Record.StoredAt,
                ExpiresAt = found.Record.ExpiresAt,
            };
        }

        Count(target, state, c => c with { Misses = c.Misses + 1, Rejections = c.Rejections + (rejected.Count > 0 ? 1 : 0) });
        var (missReason, reason) = rejected.Count > 0
            ? ("rejected", Invariant($"the best cached question above the threshold (similarity {rejected[0].Similarity:F3}, threshold {threshold:F2}) was rejected by the guard: {rejected[0].Reason}"))
            : orphaned.Count > 0 && (closest is null || closest < threshold)
                ? ("invalidated", Invariant($"{orphaned.Count} cached question(s) close enough were derived from memory records that have since changed or been deleted, so they were removed{(closest is { } rest ? $"; the closest left has similarity {rest:F3}, below the threshold {threshold:F2}" : "")}"))
            : closest is { } best
                ? ("below_threshold", Invariant($"the closest cached question has similarity {best:F3}, below the threshold {threshold:F2}"))
                : ("empty", $"nothing is cached under key '{cacheKey}' in namespace '{target}'");
        return new CacheLookup
        {
            Namespace = target,
            Key = cacheKey,
            Similarity = rejected.Count > 0 ? rejected[0].Similarity : closest,
            Threshold = threshold,
            MissReason = missReason,
            Reason = reason,
            Rejected = rejected,
        };
    }

    /// <summary>Stores <paramref name="answer"/> for <paramref name="query"/>; replaces an entry for the same question under the same key.</summary>
    public async Task<CacheStoreOutcome> StoreAsync(
        MemoryPrincipal principal, string? ns, string? query, string? answer, int? ttlSeconds = null, string? key = null, IReadOnlyList<string>? derivedFrom = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var target = principal.ResolveNamespace(ns, NamespaceAccess.Write);
        CheckQuery(query);
        var cacheKey = CheckKey(key);
        if (string.IsNullOrEmpty(answer))
        {
            throw Invalid("'answer' is missing or empty: give the answer to cache for this query.");
        }

        var answerBytes = Encoding.UTF8.GetByteCount(answer);
        if (answerBytes > _options.MaxAnswerBytes)
        {
            throw Invalid($"'answer' is {answerBytes} bytes; the limit is {_options.MaxAnswerBytes} bytes (UTF-8, McpMemory:Cache:MaxAnswerBytes).");
        }

        var ttl = _options.DefaultTtl;
        if (ttlSeconds is { } seconds)
        {
            if (seconds < 1 || seconds > _options.MaxTtl.TotalSeconds)
            {
                throw Invalid(Invariant($"'ttl_seconds' is {seconds}; it must be between 1 and {(long)_options.MaxTtl.TotalSeconds} (McpMemory:Cache:MaxTtl). Leave it out for the default of {(long)_options.DefaultTtl.TotalSeconds} s."));
            }

            ttl = TimeSpan.FromSeconds(seconds);
        }

        var sources = CheckDerivedFrom(derivedFrom);
        var versions = await GraphVersionsAsync(target, sources, cancellationToken).ConfigureAwait(false);
        if (sources.Count > 0)
        {
            var missing = await ChangedSourcesAsync(target, sources, versions, cancellationToken).ConfigureAwait(false);
            if (missing.Count > 0)
            {
                throw new McpMemoryException(
                    McpMemoryErrorCodes.NotFound,
                    $"'derived_from' names {string.Join(", ", missing.Select(m => $"'{m}'"))}, which is not a current record of namespace '{target}': give ids of episodes, documents or document chunks, current fact ids, or entity:NAME with an entity's exact name, that exist there.");
            }
        }

        var state = await StateAsync(target, cancellationToken).ConfigureAwait(false);
        var now = Now;
        var record = new CacheRecord { Answer = answer, Key = cacheKey, StoredAt = now, ExpiresAt = now + ttl, DerivedFrom = sources, SourceVersions = versions.Count > 0 ? versions : null };
        var episode = new Episode
        {
            Id = "cache_" + Guid.CreateVersion7(now).ToString("N"),
            Text = query!,
            Timestamp = Microseconds(now),
            SessionId = cacheKey,
            Metadata = System.Text.Json.JsonSerializer.Serialize(record, CacheJsonContext.Default.CacheRecord),
            RecordedAt = Microseconds(now),
        };
        await _store.AddAsync(CompanionNamespace.CacheEntries.For(target), [episode], null, cancellationToken).ConfigureAwait(false);
        var (replaced, evicted) = state.Add(episode, record, now, _options.MaxEntries);
        await DeleteEntriesAsync(target, state, replaced, cancellationToken).ConfigureAwait(false);
        await RemoveAsync(target, state, evicted, (c, n) => c with { Evictions = c.Evictions + n }, cancellationToken).ConfigureAwait(false);
        return new CacheStoreOutcome(target, cacheKey, episode.Id, record.StoredAt, record.ExpiresAt, replaced.Count, evicted.Count);
    }

    /// <summary>Removes the entries under <paramref name="key"/>, or under every key starting with <paramref name="prefix"/>, or all of the namespace's.</summary>
    public async Task<(string Namespace, int Removed)> InvalidateAsync(MemoryPrincipal principal, string? ns, string? key, string? prefix, bool all, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var target = principal.ResolveNamespace(ns, NamespaceAccess.Write);
        var given = (key is not null ? 1 : 0) + (prefix is not null ? 1 : 0) + (all ? 1 : 0);
        if (given != 1)
        {
            throw Invalid("Say what to invalidate with exactly one of: 'key' (one model/prompt-version key), 'prefix' (every key starting with it) or 'all': true (the whole namespace's cache).");
        }

        if (key is not null)
        {
            CheckKey(key);
        }

        if (prefix is { Length: 0 })
        {
            throw Invalid("'prefix' is empty: give the start of the keys to invalidate, or 'all': true for every key.");
        }

        var state = await StateAsync(target, cancellationToken).ConfigureAwait(false);
        var ids = new List<string>();
        await foreach (var episode in _store.ListAllAsync(CompanionNamespace.CacheEntries.For(target), null, cancellationToken).ConfigureAwait(false))
        {
            var entryKey = episode.SessionId ?? SemanticCacheOptions.DefaultKey;
            if (all || (key is not null && entryKey == key) || (prefix is not null && entryKey.StartsWith(prefix, StringComparison.Ordinal)))
            {
                ids.Add(episode.Id);
            }
        }

        var removed = await DeleteEntriesAsync(target, state, ids, cancellationToken).ConfigureAwait(false);
        if (removed > 0)
        {
            Count(target, state, c => c with { Invalidations = c.Invalidations + removed });
        }

        return (target, removed);
    }

    /// <summary>The counters and size of the principal's namespace's cache.</summary>
    public async Task<CacheStatistics> GetStatisticsAsync(MemoryPrincipal principal, string? ns, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var target = principal.ResolveNamespace(ns, NamespaceAccess.Read);
        var state = await StateAsync(target, cancellationToken).ConfigureAwait(false);
        var expired = state.Expired(Now);
        await RemoveAsync(target, state, expired, (c, n) => c with { Expirations = c.Expirations + n }, cancellationToken).ConfigureAwait(false);
        var others = await OtherCountersAsync(target, cancellationToken).ConfigureAwait(false);
        return new CacheStatistics(target, others.Add(state.Counters), state.Count, _options.MaxEntries, _options.Threshold, _options.Guard);
    }

    /// <summary>Writes every namespace's counters a last time.</summary>
    public async ValueTask DisposeAsync()
    {
        _subscription?.Dispose();
        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var (ns, lazy) in _states)
        {
            if (lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully)
            {
                var state = await lazy.Value.ConfigureAwait(false);
                await FlushCountersAsync(ns, state, CancellationToken.None).ConfigureAwait(false);
            }
        }

        _stopping.Dispose();
    }

    private static void CheckQuery(string? query)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            throw Invalid("'query' is missing or empty: give the question to look up or store.");
        }

        if (query.Length > 8192)
        {
            throw Invalid($"'query' is {query.Length} characters; the limit is 8192. Cache by the question, not by a whole document.");
        }
    }

    private static string CheckKey(string? key)
    {
        if (key is null)
        {
            return SemanticCacheOptions.DefaultKey;
        }

        if (key.Length == 0 || key.Length > MaxKeyLength || key.Any(char.IsControl) || key.Trim().Length != key.Length)
        {
            throw Invalid($"'key' '{(key.Length > 80 ? key[..80] + "…" : key)}' is not a valid key: use 1 to {MaxKeyLength} characters without control characters or leading and trailing spaces, such as 'gpt-4o/prompt-v3'.");
        }

        return key;
    }

    private static List<string> CheckDerivedFrom(IReadOnlyList<string>? derivedFrom)
    {
        if (derivedFrom is null || derivedFrom.Count == 0)
        {
            return [];
        }

        if (derivedFrom.Count > MaxDerivedFrom)
        {
            throw Invalid($"'derived_from' holds {derivedFrom.Count} ids; the limit is {MaxDerivedFrom}.");
        }

        for (var i = 0; i < derivedFrom.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(derivedFrom[i]) || derivedFrom[i].Length > 256)
            {
                throw Invalid($"'derived_from[{i}]' is empty or longer than 256 characters: give the id of an episode, a document, a document chunk or a fact, or entity:NAME.");
            }
        }

        return [.. derivedFrom.Distinct(StringComparer.Ordinal)];
    }

    private static CacheRecord? ReadRecord(Episode episode)
    {
        if (episode.Metadata is null)
        {
            return null;
        }

        try
        {
            return System.Text.Json.JsonSerializer.Deserialize(episode.Metadata, CacheJsonContext.Default.CacheRecord);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    // Segments keep microseconds (Arrow timestamp[us]); dropping finer ticks up front keeps every copy of a record equal.
    private static DateTimeOffset Microseconds(DateTimeOffset value) => new(value.UtcTicks - (value.UtcTicks % 10), TimeSpan.Zero);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static McpMemoryException Invalid(string message) => new(McpMemoryErrorCodes.InvalidArgument, message);
}
