using System.Text.Json;
using McpMemory.Core.Documents;
using McpMemory.Core.Episodic;
using McpMemory.Core.Semantic;
using McpMemory.Core.Storage;

namespace McpMemory.Core.Cache;

/// <summary>What this process knows of each namespace's entries (for recency, eviction and invalidation) and its counters.</summary>
public sealed partial class SemanticCache
{
    private Task<CacheState> StateAsync(string ns, CancellationToken cancellationToken)
    {
        var lazy = _states.GetOrAdd(ns, n => new Lazy<Task<CacheState>>(() => LoadAsync(n)));
        var task = lazy.Value;
        if (task.IsFaulted || task.IsCanceled)
        {
            _states.TryRemove(new KeyValuePair<string, Lazy<Task<CacheState>>>(ns, lazy));
        }

        return task.WaitAsync(cancellationToken);
    }

    private async Task<CacheState> LoadAsync(string ns)
    {
        var state = new CacheState();
        var stale = new List<string>();
        var now = Now;
        await foreach (var episode in _store.ListAllAsync(CompanionNamespace.CacheEntries.For(ns), null, _stopping.Token).ConfigureAwait(false))
        {
            if (ReadRecord(episode) is not { } record || record.ExpiresAt <= now)
            {
                stale.Add(episode.Id);
                continue;
            }

            var (replaced, _) = state.Add(episode, record, record.StoredAt, int.MaxValue);
            stale.AddRange(replaced);
        }

        if (stale.Count > 0)
        {
            await _store.DeleteAsync(CompanionNamespace.CacheEntries.For(ns), new EpisodeDeletion { Ids = stale }, _stopping.Token).ConfigureAwait(false);
        }

        foreach (var counters in (await LatestCounterRecordsAsync(ns, _stopping.Token).ConfigureAwait(false)).Values)
        {
            if (counters.LastUsed is { } lastUsed)
            {
                state.Recall(lastUsed);
            }
        }

        // Started with a lower McpMemory:Cache:MaxEntries than the entries stored: the least recently used go now.
        var evicted = state.Trim(_options.MaxEntries, now);
        if (evicted.Count > 0)
        {
            await _store.DeleteAsync(CompanionNamespace.CacheEntries.For(ns), new EpisodeDeletion { Ids = evicted }, _stopping.Token).ConfigureAwait(false);
            Count(ns, state, c => c with { Evictions = c.Evictions + evicted.Count });
        }

        return state;
    }

    private async Task RemoveAsync(string ns, CacheState state, List<string> ids, Func<CacheCounters, long, CacheCounters> count, CancellationToken cancellationToken)
    {
        var removed = await DeleteEntriesAsync(ns, state, ids, cancellationToken).ConfigureAwait(false);
        if (removed > 0)
        {
            Count(ns, state, c => count(c, removed));
        }
    }

    private async Task<int> DeleteEntriesAsync(string ns, CacheState state, List<string> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return 0;
        }

        var deleted = await _store.DeleteAsync(CompanionNamespace.CacheEntries.For(ns), new EpisodeDeletion { Ids = ids }, cancellationToken).ConfigureAwait(false);
        state.Remove(ids);
        return deleted.Count;
    }

    // The ids among 'sources' that name no live record of the namespace, or a knowledge-graph record whose version is
    // no longer the one in 'versions': episodes, documents (doc_x), chunks (doc_x:3), facts (fact_x) and entity:NAME.
    private async Task<List<string>> ChangedSourcesAsync(string ns, IReadOnlyList<string> sources, IReadOnlyDictionary<string, string>? versions, CancellationToken cancellationToken)
    {
        var chunks = new Dictionary<string, string>(StringComparer.Ordinal);
        var episodes = new List<string>();
        var graph = new List<string>();
        foreach (var id in sources)
        {
            if (IsGraphSource(id))
            {
                graph.Add(id);
            }
            else if (id.StartsWith("doc_", StringComparison.Ordinal))
            {
                chunks[id.Contains(':', StringComparison.Ordinal) ? id : DocumentMemory.ChunkId(id, 0)] = id;
            }
            else
            {
                episodes.Add(id);
            }
        }

        var found = new HashSet<string>(StringComparer.Ordinal);
        if (episodes.Count > 0)
        {
            found.UnionWith((await _store.GetAsync(ns, episodes, cancellationToken).ConfigureAwait(false)).Select(e => e.Id));
        }

        if (chunks.Count > 0)
        {
            var records = await _store.GetAsync(CompanionNamespace.Documents.For(ns), [.. chunks.Keys], cancellationToken).ConfigureAwait(false);
            found.UnionWith(records.Select(e => chunks[e.Id]));
        }

        if (graph.Count > 0)
        {
            var now = await GraphVersionsAsync(ns, graph, cancellationToken).ConfigureAwait(false);
            found.UnionWith(graph.Where(id => now.TryGetValue(id, out var version) && (versions is null || !versions.TryGetValue(id, out var then) || then == version)));
        }

        return [.. sources.Where(id => !found.Contains(id))];
    }

    private static bool IsGraphSource(string id) =>
        id.StartsWith(KnowledgeGraph.EntityReference, StringComparison.Ordinal) || id.StartsWith("fact_", StringComparison.Ordinal);

    // The current version of each knowledge-graph record among 'sources' (none for one that is gone or without a graph).
    private async Task<IReadOnlyDictionary<string, string>> GraphVersionsAsync(string ns, IReadOnlyList<string> sources, CancellationToken cancellationToken)
    {
        var graph = sources.Where(IsGraphSource).ToList();
        if (graph.Count == 0 || _graph is null)
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }

        var response = await _graph.ExecuteAsync(ns, new GraphRequest { Op = GraphOps.Versions, Names = graph }, cancellationToken).ConfigureAwait(false);
        return response.Versions ?? new Dictionary<string, string>(StringComparer.Ordinal);
    }

    // Heard from the change feed: entries derived from deleted records go at once.
    private async Task OnDeletedAsync(EpisodesDeleted change, CancellationToken cancellationToken)
    {
        if (CompanionNamespace.Of(change.Namespace, out _) is { } companion && (companion == CompanionNamespace.CacheEntries || companion == CompanionNamespace.CacheCounters))
        {
            return;
        }

        var owner = change.Namespace;
        IEnumerable<string> ids = change.Ids;
        if (CompanionNamespace.Documents.TryGetOwner(change.Namespace, out var documentOwner))
        {
            owner = documentOwner;
            ids = ids.Concat(change.Ids.Select(id => id.Split(':')[0])).Distinct(StringComparer.Ordinal);
        }

        if (owner.Contains('~', StringComparison.Ordinal))
        {
            return;
        }

        var state = await StateAsync(owner, cancellationToken).ConfigureAwait(false);
        var victims = state.DerivedFrom(ids);
        await RemoveAsync(owner, state, victims, (c, n) => c with { Invalidations = c.Invalidations + n }, cancellationToken).ConfigureAwait(false);
    }

    private void Count(string ns, CacheState state, Func<CacheCounters, CacheCounters> change)
    {
        if (!state.Update(change))
        {
            return;
        }

        // Written at most once per interval, off the caller's path; always current in memory.
        var stopping = _stopping.Token;
        _ = Task.Run(async () =>
        {
            try
            {
                await Task.Delay(_options.StatsFlushInterval, stopping).ConfigureAwait(false);
                await FlushCountersAsync(ns, state, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                // Stopping: DisposeAsync writes the counters a last time.
            }
            catch (Exception ex) when (ex is McpMemoryException or IOException)
            {
                // Left dirty: the next count or DisposeAsync writes them again.
                state.MarkDirty();
            }
        });
    }

    private async Task FlushCountersAsync(string ns, CacheState state, CancellationToken cancellationToken)
    {
        await state.FlushGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (state.TakeDirty() is not { } counters)
            {
                return;
            }

            var sequence = ++state.Sequence;
            var now = _memory.TimeProvider.GetUtcNow();
            var served = state.Served();
            var record = new CacheCounterRecord { Instance = _instance, Sequence = sequence, Counters = counters, LastUsed = served.Count > 0 ? served : null };
            var episode = new Episode
            {
                Id = $"cstat_{_instance}_{sequence:D10}",
                Text = "cache counters",
                Timestamp = Microseconds(now),
                Metadata = JsonSerializer.Serialize(record, CacheJsonContext.Default.CacheCounterRecord),
                RecordedAt = Microseconds(now),
            };
            try
            {
                await _store.AddAsync(CompanionNamespace.CacheCounters.For(ns), [episode], null, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                state.MarkDirty();
                throw;
            }

            if (state.LastCounterRecord is { } previous)
            {
                await _store.DeleteAsync(CompanionNamespace.CacheCounters.For(ns), new EpisodeDeletion { Ids = [previous] }, cancellationToken).ConfigureAwait(false);
            }

            state.LastCounterRecord = episode.Id;
        }
        finally
        {
            state.FlushGate.Release();
        }
    }

    // The counters other processes (this one's earlier runs included) have written: the latest record of each.
    private async Task<CacheCounters> OtherCountersAsync(string ns, CancellationToken cancellationToken) =>
        (await LatestCounterRecordsAsync(ns, cancellationToken).ConfigureAwait(false)).Values
            .Where(r => r.Instance != _instance)
            .Aggregate(new CacheCounters(), (sum, r) => sum.Add(r.Counters));

    // The latest counter record of each process that has written one.
    private async Task<Dictionary<string, CacheCounterRecord>> LatestCounterRecordsAsync(string ns, CancellationToken cancellationToken)
    {
        var latest = new Dictionary<string, CacheCounterRecord>(StringComparer.Ordinal);
        await foreach (var episode in _store.ListAllAsync(CompanionNamespace.CacheCounters.For(ns), null, cancellationToken).ConfigureAwait(false))
        {
            CacheCounterRecord? record;
            try
            {
                record = episode.Metadata is null ? null : JsonSerializer.Deserialize(episode.Metadata, CacheJsonContext.Default.CacheCounterRecord);
            }
            catch (JsonException)
            {
                continue;
            }

            if (record is not null && (!latest.TryGetValue(record.Instance, out var seen) || seen.Sequence < record.Sequence))
            {
                latest[record.Instance] = record;
            }
        }

        return latest;
    }
}
