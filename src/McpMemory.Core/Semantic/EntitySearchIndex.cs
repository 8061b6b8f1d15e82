using McpMemory.Core.Retrieval;

namespace McpMemory.Core.Semantic;

/// <summary>
/// The search structures of one graph: each version of an entity's text is a document number, indexed for the
/// official server's containment match (lower-cased text), for BM25, and (once embedded) for meaning. A changed
/// entity gets a new document; the old one stays in the append-only indexes but is no longer accepted.
/// Not thread-safe: the graph's owner serialises writes against reads.
/// </summary>
internal sealed class EntitySearchIndex
{
    private readonly List<string?> _names = [];
    private readonly List<string> _texts = [];
    private readonly ContainmentScanner _scanner = new();
    private bool[] _live = new bool[1024];
    private readonly Dictionary<string, int> _current = new(StringComparer.Ordinal);
    private readonly HashSet<string> _pending = new(StringComparer.Ordinal);
    private readonly Bm25Index _keywords = new(KeywordAnalyzer.Standard);
    private FlatVectorIndex? _vectors;

    /// <summary>Entities whose current text has no vector yet.</summary>
    public int PendingCount => _pending.Count;

    /// <summary>Vector length, once a vector was added.</summary>
    public int? Dimensions => _vectors?.Dimensions;

    /// <summary>The searchable text of an entity: name, type, aliases and observations.</summary>
    public static string TextOf(GraphEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var aliases = entity.Aliases.Count == 0 ? "" : $" Also known as {string.Join(", ", entity.Aliases)}.";
        var observations = entity.Observations.Count == 0 ? "" : " " + string.Join(" ", entity.Observations.Select(o => o.EndsWith('.') ? o : o + "."));
        return $"{entity.Name} ({entity.EntityType}).{aliases}{observations}";
    }

    /// <summary>Indexes the current version of <paramref name="entity"/>, replacing its older one.</summary>
    public void Put(GraphEntity entity)
    {
        Remove(entity.Name);
        var document = _names.Count;
        var text = TextOf(entity);
        _names.Add(entity.Name);
        _texts.Add(text);
        // One lower-cased string per entity, fields apart by a separator no query holds, so that the official server's
        // "part of the name, type or an observation" test is one vectorised search per entity.
        var fields = entity.Observations.Prepend(entity.EntityType).Prepend(entity.Name).Select(f => f.ToLowerInvariant().Replace(ContainmentScanner.Separator, ' '));
        _scanner.Add(document, string.Join(ContainmentScanner.Separator, fields));
        if (document >= _live.Length)
        {
            Array.Resize(ref _live, _live.Length * 2);
        }

        _live[document] = true;
        _keywords.Add(document, text);
        _current[entity.Name] = document;
        _pending.Add(entity.Name);
    }

    /// <summary>Drops <paramref name="name"/> from search.</summary>
    public void Remove(string name)
    {
        if (_current.Remove(name, out var old))
        {
            _keywords.Remove(old, _texts[old]);
            _names[old] = null;
            _texts[old] = "";
            _live[old] = false;
            _pending.Remove(name);
        }
    }

    /// <summary>
    /// The entities whose name, type or an observation contains the lower-cased <paramref name="loweredQuery"/>: the
    /// official memory server's match. In no particular order.
    /// </summary>
    public List<string> ScanContains(string loweredQuery)
    {
        var found = new List<string>();
        _scanner.Scan(loweredQuery, document =>
        {
            if (_live[document])
            {
                found.Add(_names[document]!);
            }
        });
        return found;
    }

    /// <summary>Up to <paramref name="max"/> entities waiting for a vector: name, document and text.</summary>
    public List<(string Name, int Document, string Text)> TakePending(int max)
    {
        var list = new List<(string, int, string)>(Math.Min(max, _pending.Count));
        foreach (var name in _pending)
        {
            var document = _current[name];
            list.Add((name, document, _texts[document]));
            if (list.Count == max)
            {
                break;
            }
        }

        return list;
    }

    /// <summary>The current document and text of <paramref name="name"/>, if indexed.</summary>
    public (int Document, string Text)? Current(string name) =>
        _current.TryGetValue(name, out var document) ? (document, _texts[document]) : null;

    /// <summary>Stores the vector of <paramref name="document"/>, if it is still its entity's current text.</summary>
    public bool SetVector(string name, int document, ReadOnlySpan<float> vector)
    {
        if (!_current.TryGetValue(name, out var current) || current != document)
        {
            return false;
        }

        _vectors ??= new FlatVectorIndex(vector.Length);
        if (vector.Length != _vectors.Dimensions)
        {
            return false;
        }

        _vectors.Add(document, vector);
        _pending.Remove(name);
        return true;
    }

    /// <summary>Stops waiting for a vector for <paramref name="name"/>.</summary>
    public void SkipPending(string name) => _pending.Remove(name);

    /// <summary>Forgets every vector (the model changed); every entity waits for a new one.</summary>
    public void ResetVectors()
    {
        _vectors = null;
        foreach (var name in _current.Keys)
        {
            _pending.Add(name);
        }
    }

    /// <summary>The current vector of <paramref name="name"/>, for snapshots; null while it waits for one.</summary>
    public bool HasVector(string name) => _current.ContainsKey(name) && !_pending.Contains(name);

    /// <summary>Best entities by meaning: name and cosine similarity.</summary>
    public List<(string Name, float Score)> SearchDense(ReadOnlySpan<float> query, int k, Func<string, bool>? accept = null)
    {
        if (_vectors is null || query.Length != _vectors.Dimensions || k <= 0)
        {
            return [];
        }

        var hits = _vectors.Search(query, k, document => IsCurrent(document) && (accept is null || accept(_names[document]!)));
        return hits.Select(h => (_names[h.Owner]!, h.Score)).ToList();
    }

    /// <summary>Best entities by BM25: name and score.</summary>
    public List<(string Name, float Score)> SearchKeywords(string query, int k, Func<string, bool>? accept = null)
    {
        var hits = _keywords.Search(query, k, document => IsCurrent(document) && (accept is null || accept(_names[document]!)));
        return hits.Select(h => (_names[h.Document]!, h.Score)).ToList();
    }

    /// <summary>The stored vector of each entity that has one, for snapshots.</summary>
    public IEnumerable<(string Name, string Text, ReadOnlyMemory<float> Vector)> Vectors()
    {
        if (_vectors is null)
        {
            yield break;
        }

        var latest = new Dictionary<int, int>();
        for (var slot = 0; slot < _vectors.Count; slot++)
        {
            latest[_vectors.OwnerOf(slot)] = slot;
        }

        foreach (var (name, document) in _current)
        {
            if (!_pending.Contains(name) && latest.TryGetValue(document, out var slot))
            {
                yield return (name, _texts[document], _vectors.GetMemory(slot));
            }
        }
    }

    private bool IsCurrent(int document) => _live[document];
}
