using McpMemory.Core.Episodic;
using McpMemory.Core.Retrieval;
using McpMemory.Core.Storage;

namespace McpMemory.Storage.Arrow.Namespaces;

/// <summary>Reads: get, list, search and counts. Never touches the disk.</summary>
internal sealed partial class NamespaceStore
{
    public IReadOnlyList<Episode> Get(IReadOnlyList<string> ids)
    {
        _lock.EnterReadLock();
        try
        {
            var result = new List<Episode>(ids.Count);
            foreach (var id in ids)
            {
                if (_byId.TryGetValue(id, out var row))
                {
                    result.Add(_rows[row].Episode);
                }
            }

            return result;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public IReadOnlyList<Episode> GetSurrounding(string id, int before, int after)
    {
        _lock.EnterReadLock();
        try
        {
            if (!_byId.TryGetValue(id, out var row))
            {
                return [];
            }

            var conversation = _rows[row].Episode.ConversationId;
            List<int> siblings;
            if (conversation is not null && _byConversation.TryGetValue(conversation, out var list))
            {
                siblings = list.Where(r => !_rows[r].Deleted).ToList();
                siblings.Sort((a, b) => EpisodePosition.Of(_rows[a].Episode).CompareTo(EpisodePosition.Of(_rows[b].Episode)));
            }
            else
            {
                siblings = TimeOrder().Where(r => !_rows[r].Deleted).ToList();
            }

            var index = siblings.IndexOf(row);
            var start = Math.Max(0, index - before);
            var end = Math.Min(siblings.Count - 1, index + after);
            var result = new List<Episode>(end - start + 1);
            for (var i = start; i <= end; i++)
            {
                result.Add(_rows[siblings[i]].Episode);
            }

            return result;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public EpisodePage List(EpisodeListQuery query)
    {
        _lock.EnterReadLock();
        try
        {
            var order = TimeOrder();
            var items = new List<Episode>(Math.Min(query.Limit, 1024));
            var step = query.Descending ? -1 : 1;
            var index = StartIndex(order, query.After, query.Descending);
            var more = false;
            for (; index >= 0 && index < order.Count; index += step)
            {
                var entry = _rows[order[index]];
                if (entry.Deleted || !query.Filter.Matches(entry.Episode))
                {
                    continue;
                }

                if (items.Count == query.Limit)
                {
                    more = true;
                    break;
                }

                items.Add(entry.Episode);
            }

            return new EpisodePage(items, more && items.Count > 0 ? EpisodePosition.Of(items[^1]) : null);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>Completes when every record written before the call is embedded.</summary>
    public Task WaitForEmbeddingsAsync(CancellationToken cancellationToken)
    {
        int target;
        _lock.EnterReadLock();
        try
        {
            target = _rows.Count - 1;
            if (MinUnembedded() > target)
            {
                return Task.CompletedTask;
            }
        }
        finally
        {
            _lock.ExitReadLock();
        }

        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_embeddingWaiters)
        {
            _embeddingWaiters.Add((target, done));
        }

        // The embedder may have caught up between the check and the registration.
        CompleteEmbeddingWaiters();
        return done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Ranks records for <paramref name="query"/>. <paramref name="queryVector"/> is null for keyword-only search, else
    /// made by <paramref name="vectorModel"/>; null is returned when the namespace has since moved to another model
    /// (a reindex finished in between), and the caller embeds the query again.
    /// </summary>
    public IReadOnlyList<EpisodeHit>? Search(EpisodeSearchQuery query, float[]? queryVector, string? vectorModel)
    {
        _lock.EnterReadLock();
        try
        {
            if (queryVector is not null && !string.Equals(vectorModel, _manifest.Model, StringComparison.Ordinal))
            {
                return null;
            }

            var filter = query.Filter;
            var deleted = _deletedRows;
            Func<int, bool>? accept = filter.IsEmpty
                ? (_deletedCount == 0 ? null : row => !deleted[row])
                : row => !deleted[row] && filter.Matches(_rows[row].Episode);
            var candidates = query.Mode == SearchMode.Hybrid ? Math.Max(_options.FusionCandidates, query.K * 4) : query.K;

            List<(int Row, float Score)> dense = [];
            if (queryVector is not null && query.Mode != SearchMode.Keyword)
            {
                if (filter.ConversationId is not null)
                {
                    dense = _byConversation.TryGetValue(filter.ConversationId, out var rows)
                        ? _vectors.SearchSlots(queryVector, candidates, SlotsOf(rows, accept))
                        : [];
                }
                else
                {
                    dense = _vectors.Search(queryVector, candidates, accept);
                }
            }

            List<(int Row, float Score)> keyword = [];
            if (query.Mode != SearchMode.Dense)
            {
                keyword = _keywords.Search(query.Text, candidates, accept);
            }

            return query.Mode switch
            {
                SearchMode.Dense => dense.Take(query.K).Select((d, i) => new EpisodeHit(_rows[d.Row].Episode, d.Score, i + 1, d.Score, null, null)).ToList(),
                SearchMode.Keyword => keyword.Take(query.K).Select((d, i) => new EpisodeHit(_rows[d.Row].Episode, d.Score, null, null, i + 1, d.Score)).ToList(),
                _ => Fuse(dense, keyword, query.K),
            };
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public NamespaceStats Stats()
    {
        _lock.EnterReadLock();
        try
        {
            var pending = _pending.Count(row => !_rows[row].Deleted && !_rows[row].Embedded) + _inFlightCount;
            return new NamespaceStats(Name, _manifest.Model, _liveCount, pending, _setAside, _liveCount - LiveInSegments(), _purgeDue, _manifest.Segments.Count, _wal?.Length ?? 0);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    private int LiveInSegments()
    {
        var count = 0;
        foreach (var row in _rows)
        {
            if (!row.Deleted && row.Segment is not null)
            {
                count++;
            }
        }

        return count;
    }

    private List<EpisodeHit> Fuse(List<(int Row, float Score)> dense, List<(int Row, float Score)> keyword, int k)
    {
        var fused = RankFusion.Reciprocal(
            [dense.Select(d => d.Row).ToList(), keyword.Select(d => d.Row).ToList()],
            [_options.DenseWeight, _options.KeywordWeight],
            _options.RrfK);
        var denseScores = dense.ToDictionary(d => d.Row, d => d.Score);
        var keywordScores = keyword.ToDictionary(d => d.Row, d => d.Score);
        var hits = new List<EpisodeHit>(Math.Min(k, fused.Count));
        foreach (var item in fused.Take(k))
        {
            hits.Add(new EpisodeHit(
                _rows[item.Item].Episode,
                item.Score,
                item.Ranks[0],
                denseScores.TryGetValue(item.Item, out var ds) ? ds : null,
                item.Ranks[1],
                keywordScores.TryGetValue(item.Item, out var ks) ? ks : null));
        }

        return hits;
    }

    private IEnumerable<int> SlotsOf(List<int> rows, Func<int, bool>? accept)
    {
        foreach (var row in rows)
        {
            var entry = _rows[row];
            if (entry.Embedded && (accept is null || accept(row)))
            {
                for (var i = 0; i < entry.Parts!.Length; i++)
                {
                    yield return entry.FirstSlot + i;
                }
            }
        }
    }

    // Rows in time order (deleted ones included; callers skip them). Caller holds the read lock.
    private List<int> TimeOrder()
    {
        lock (_timeOrderSync)
        {
            if (_timeOrderDirty)
            {
                var order = Enumerable.Range(0, _rows.Count).ToList();
                order.Sort((a, b) => EpisodePosition.Of(_rows[a].Episode).CompareTo(EpisodePosition.Of(_rows[b].Episode)));
                _timeOrder = order;
                _timeOrderDirty = false;
            }

            return _timeOrder;
        }
    }

    private int StartIndex(List<int> order, EpisodePosition? after, bool descending)
    {
        if (after is null)
        {
            return descending ? order.Count - 1 : 0;
        }

        // First index whose position is greater than 'after' (ascending), or last index below it (descending).
        int lo = 0, hi = order.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (EpisodePosition.Of(_rows[order[mid]].Episode) <= after.Value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        if (!descending)
        {
            return lo;
        }

        var index = lo - 1;
        while (index >= 0 && EpisodePosition.Of(_rows[order[index]].Episode) >= after.Value)
        {
            index--;
        }

        return index;
    }
}
