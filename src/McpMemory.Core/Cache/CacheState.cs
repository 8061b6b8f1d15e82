using McpMemory.Core.Episodic;

namespace McpMemory.Core.Cache;

/// <summary>
/// One namespace's entries as this process knows them (key, question, expiry, sources, last use) and its counters.
/// Recency lives here: an entry is used when served, and the least recently used goes first when the namespace is full.
/// </summary>
internal sealed class CacheState
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _bySource = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Key, string Question), string> _byQuestion = [];
    private readonly Dictionary<string, DateTimeOffset> _served = new(StringComparer.Ordinal);
    private CacheCounters _counters = new();
    private bool _dirty;
    private bool _flushPending;

    public SemaphoreSlim FlushGate { get; } = new(1, 1);

    public long Sequence { get; set; }

    public string? LastCounterRecord { get; set; }

    public CacheCounters Counters
    {
        get
        {
            lock (_gate)
            {
                return _counters;
            }
        }
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Changes the counters; true when a write of them should be scheduled (none is pending).</summary>
    public bool Update(Func<CacheCounters, CacheCounters> change)
    {
        lock (_gate)
        {
            _counters = change(_counters);
            _dirty = true;
            var schedule = !_flushPending;
            _flushPending = true;
            return schedule;
        }
    }

    /// <summary>The counters to write, or null when nothing changed since the last write.</summary>
    public CacheCounters? TakeDirty()
    {
        lock (_gate)
        {
            _flushPending = false;
            if (!_dirty)
            {
                return null;
            }

            _dirty = false;
            return _counters;
        }
    }

    public void MarkDirty()
    {
        lock (_gate)
        {
            _dirty = true;
            _flushPending = false;
        }
    }

    /// <summary>Adds an entry; returns the entries it replaces (same key and question) and those evicted to keep within <paramref name="maxEntries"/>.</summary>
    public (List<string> Replaced, List<string> Evicted) Add(Episode episode, CacheRecord record, DateTimeOffset now, int maxEntries)
    {
        lock (_gate)
        {
            var replaced = new List<string>();
            var question = Normalize(episode.Text);
            if (_byQuestion.TryGetValue((record.Key, question), out var old) && old != episode.Id)
            {
                if (_entries[old].StoredAt > record.StoredAt)
                {
                    // Loading out of order: the one already here is newer.
                    return ([episode.Id], []);
                }

                replaced.Add(old);
                RemoveLocked(old);
            }

            var entry = new Entry(record.Key, question, record.StoredAt, record.ExpiresAt, record.DerivedFrom) { LastUsed = now };
            _entries[episode.Id] = entry;
            _byQuestion[(record.Key, question)] = episode.Id;
            foreach (var source in record.DerivedFrom)
            {
                if (!_bySource.TryGetValue(source, out var set))
                {
                    _bySource[source] = set = new HashSet<string>(StringComparer.Ordinal);
                }

                set.Add(episode.Id);
            }

            return (replaced, EvictLocked(maxEntries, now, episode.Id));
        }
    }

    /// <summary>Evicts entries until at most <paramref name="maxEntries"/> are left (after a restart with a lower limit); returns them.</summary>
    public List<string> Trim(int maxEntries, DateTimeOffset now)
    {
        lock (_gate)
        {
            return EvictLocked(maxEntries, now, null);
        }
    }

    private List<string> EvictLocked(int maxEntries, DateTimeOffset now, string? keep)
    {
        var evicted = new List<string>();
        while (_entries.Count > maxEntries)
        {
            string? victim = null;
            var oldest = DateTimeOffset.MaxValue;
            foreach (var (id, candidate) in _entries)
            {
                if (id == keep)
                {
                    continue;
                }

                // Expired entries go first, then the least recently used.
                var rank = candidate.ExpiresAt <= now ? DateTimeOffset.MinValue : candidate.LastUsed;
                if (rank < oldest || (rank == oldest && string.CompareOrdinal(id, victim) < 0))
                {
                    oldest = rank;
                    victim = id;
                }
            }

            if (victim is null)
            {
                break;
            }

            evicted.Add(victim);
            RemoveLocked(victim);
        }

        return evicted;
    }

    /// <summary>Marks an entry used now (adding it when another process stored it).</summary>
    public void Touch(Episode episode, CacheRecord record, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(episode.Id, out var entry))
            {
                entry.LastUsed = now;
                _served[episode.Id] = now;
                return;
            }
        }

        Add(episode, record, now, int.MaxValue);
        lock (_gate)
        {
            _served[episode.Id] = now;
        }
    }

    /// <summary>When this process last served each entry it served that is still here.</summary>
    public Dictionary<string, DateTimeOffset> Served()
    {
        lock (_gate)
        {
            return new Dictionary<string, DateTimeOffset>(_served, StringComparer.Ordinal);
        }
    }

    /// <summary>Takes last uses recorded by other processes (or this one's earlier runs) where they are later than what is known.</summary>
    public void Recall(IReadOnlyDictionary<string, DateTimeOffset> lastUsed)
    {
        lock (_gate)
        {
            foreach (var (id, used) in lastUsed)
            {
                if (_entries.TryGetValue(id, out var entry) && used > entry.LastUsed)
                {
                    entry.LastUsed = used;
                }
            }
        }
    }

    public List<string> Expired(DateTimeOffset now)
    {
        lock (_gate)
        {
            return [.. _entries.Where(e => e.Value.ExpiresAt <= now).Select(e => e.Key)];
        }
    }

    /// <summary>The entries derived from any of <paramref name="sources"/>.</summary>
    public List<string> DerivedFrom(IEnumerable<string> sources)
    {
        lock (_gate)
        {
            var result = new HashSet<string>(StringComparer.Ordinal);
            foreach (var source in sources)
            {
                if (_bySource.TryGetValue(source, out var set))
                {
                    result.UnionWith(set);
                }
            }

            return [.. result];
        }
    }

    public void Remove(IEnumerable<string> ids)
    {
        lock (_gate)
        {
            foreach (var id in ids)
            {
                RemoveLocked(id);
            }
        }
    }

    private void RemoveLocked(string id)
    {
        if (!_entries.Remove(id, out var entry))
        {
            return;
        }

        _served.Remove(id);

        if (_byQuestion.TryGetValue((entry.Key, entry.Question), out var current) && current == id)
        {
            _byQuestion.Remove((entry.Key, entry.Question));
        }

        foreach (var source in entry.DerivedFrom)
        {
            if (_bySource.TryGetValue(source, out var set) && set.Remove(id) && set.Count == 0)
            {
                _bySource.Remove(source);
            }
        }
    }

    private static string Normalize(string question) =>
        string.Join(' ', question.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();

    private sealed record Entry(string Key, string Question, DateTimeOffset StoredAt, DateTimeOffset ExpiresAt, IReadOnlyList<string> DerivedFrom)
    {
        public DateTimeOffset LastUsed { get; set; }
    }
}
