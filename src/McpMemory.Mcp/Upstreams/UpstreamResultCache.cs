using System.Text.Json;
using McpMemory.Core.Tools;

namespace McpMemory.Mcp.Upstreams;

/// <summary>
/// Results of upstream tool calls, keyed exactly by namespace, upstream, tool and arguments (as canonical JSON, so
/// that key order, white space and number spelling do not matter), each served until its time to live runs out. At
/// most <c>capacity</c> entries are kept; the least recently used go first. Held in memory by the process that made the
/// calls.
/// </summary>
public sealed class UpstreamResultCache
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _recency = new();
    private readonly TimeProvider _time;
    private readonly int _capacity;
    private readonly TimeSpan _ttl;

    /// <summary>Creates a cache.</summary>
    public UpstreamResultCache(TimeProvider time, int capacity, TimeSpan ttl)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _capacity = capacity;
        _ttl = ttl;
    }

    /// <summary>How many entries are held (expired ones included until they are looked up or pushed out).</summary>
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

    /// <summary>The key of a call.</summary>
    public static string Key(string ns, string upstream, string tool, JsonElement? arguments) =>
        string.Join('\n', ns, upstream, tool, arguments is { ValueKind: not (JsonValueKind.Undefined or JsonValueKind.Null) } args ? CanonicalJson.Write(args) : "{}");

    /// <summary>The cached result of <paramref name="key"/> and when it was stored, unless missing or expired.</summary>
    public bool TryGet(string key, out JsonElement result, out DateTimeOffset storedAt)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                if (_time.GetUtcNow() < node.Value.StoredAt + _ttl)
                {
                    _recency.Remove(node);
                    _recency.AddFirst(node);
                    result = node.Value.Result;
                    storedAt = node.Value.StoredAt;
                    return true;
                }

                _recency.Remove(node);
                _entries.Remove(key);
            }
        }

        result = default;
        storedAt = default;
        return false;
    }

    /// <summary>Stores a result (a JSON value the caller will not change).</summary>
    public void Set(string key, JsonElement result)
    {
        if (_capacity <= 0)
        {
            return;
        }

        lock (_gate)
        {
            if (_entries.Remove(key, out var old))
            {
                _recency.Remove(old);
            }

            var node = _recency.AddFirst(new Entry(key, result.Clone(), _time.GetUtcNow()));
            _entries[key] = node;
            while (_entries.Count > _capacity && _recency.Last is { } last)
            {
                _recency.RemoveLast();
                _entries.Remove(last.Value.Key);
            }
        }
    }

    private sealed record Entry(string Key, JsonElement Result, DateTimeOffset StoredAt);
}
