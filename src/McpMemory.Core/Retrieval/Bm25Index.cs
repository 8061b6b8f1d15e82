namespace McpMemory.Core.Retrieval;

/// <summary>
/// An in-memory BM25 inverted index over documents numbered 0, 1, 2, … Documents can be removed; their postings stay
/// but are skipped, and the collection statistics (document count, average length, document frequencies) exclude them.
/// Not thread-safe: the owner serialises writes against reads.
/// </summary>
public sealed class Bm25Index
{
    [ThreadStatic]
    private static float[]? t_scores;

    private readonly Dictionary<string, int> _termIds = new(StringComparer.Ordinal);
    private readonly List<Postings> _postings = [];
    private readonly List<int> _documentFrequency = [];
    private int[] _lengths = new int[1024];
    private bool[] _removed = new bool[1024];
    private int _documentCount;
    private long _totalLength;
    private int _liveCount;

    /// <summary>Creates an index.</summary>
    public Bm25Index(KeywordAnalyzer analyzer, double k1 = 1.2, double b = 0.75)
    {
        ArgumentNullException.ThrowIfNull(analyzer);
        Analyzer = analyzer;
        K1 = k1;
        B = b;
    }

    /// <summary>The analyzer applied to documents and queries.</summary>
    public KeywordAnalyzer Analyzer { get; }

    /// <summary>Term-frequency saturation.</summary>
    public double K1 { get; }

    /// <summary>Length normalisation.</summary>
    public double B { get; }

    /// <summary>Documents indexed and not removed.</summary>
    public int LiveCount => _liveCount;

    /// <summary>Indexes <paramref name="text"/> as document <paramref name="document"/>, which must be the next number.</summary>
    public void Add(int document, string text)
    {
        if (document != _documentCount)
        {
            throw new ArgumentException($"Documents are numbered in order: expected {_documentCount}, got {document}.", nameof(document));
        }

        EnsureCapacity(document + 1);
        var terms = Analyzer.Analyze(text);
        var counts = CountTerms(terms);
        foreach (var (term, tf) in counts)
        {
            if (!_termIds.TryGetValue(term, out var termId))
            {
                termId = _postings.Count;
                _termIds[term] = termId;
                _postings.Add(new Postings());
                _documentFrequency.Add(0);
            }

            _postings[termId].Add(document, tf);
            _documentFrequency[termId]++;
        }

        _lengths[document] = terms.Count;
        _totalLength += terms.Count;
        _documentCount++;
        _liveCount++;
    }

    /// <summary>Removes document <paramref name="document"/>, which was indexed from <paramref name="text"/>.</summary>
    public void Remove(int document, string text)
    {
        if ((uint)document >= (uint)_documentCount || _removed[document])
        {
            return;
        }

        _removed[document] = true;
        foreach (var (term, _) in CountTerms(Analyzer.Analyze(text)))
        {
            if (_termIds.TryGetValue(term, out var termId))
            {
                _documentFrequency[termId]--;
            }
        }

        _totalLength -= _lengths[document];
        _liveCount--;
    }

    /// <summary>
    /// Scores the documents that contain any query term and returns the best <paramref name="k"/>, best first.
    /// <paramref name="accept"/>, when given, restricts the candidates.
    /// </summary>
    public List<(int Document, float Score)> Search(string query, int k, Func<int, bool>? accept = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        var result = new List<(int Document, float Score)>();
        if (_liveCount == 0 || k <= 0)
        {
            return result;
        }

        var queryTerms = CountTerms(Analyzer.Analyze(query));
        // A per-thread accumulator, all zeros between searches: no allocation per query, safe for concurrent readers.
        if (t_scores is null || t_scores.Length < _documentCount)
        {
            t_scores = new float[Math.Max(_documentCount, 1024) * 2];
        }

        var scores = t_scores;
        var touched = new List<int>();
        try
        {
            var averageLength = Math.Max(1.0, (double)_totalLength / _liveCount);
            foreach (var (term, queryTf) in queryTerms)
            {
                if (!_termIds.TryGetValue(term, out var termId) || _documentFrequency[termId] <= 0)
                {
                    continue;
                }

                var df = _documentFrequency[termId];
                var idf = Math.Log(1 + ((_liveCount - df + 0.5) / (df + 0.5)));
                var postings = _postings[termId];
                for (var i = 0; i < postings.Count; i++)
                {
                    var document = postings.Documents[i];
                    if (_removed[document] || (accept is not null && !accept(document)))
                    {
                        continue;
                    }

                    var tf = postings.Frequencies[i];
                    var norm = K1 * (1 - B + (B * _lengths[document] / averageLength));
                    var score = (float)(idf * (tf * (K1 + 1)) / (tf + norm) * queryTf);
                    if (scores[document] == 0f)
                    {
                        touched.Add(document);
                    }

                    scores[document] += score;
                }
            }

            var top = new TopK(k);
            foreach (var document in touched)
            {
                top.Add(document, scores[document]);
            }

            return top.Drain();
        }
        finally
        {
            foreach (var document in touched)
            {
                scores[document] = 0f;
            }
        }
    }

    private static Dictionary<string, int> CountTerms(List<string> terms)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var term in terms)
        {
            counts[term] = counts.GetValueOrDefault(term) + 1;
        }

        return counts;
    }

    private void EnsureCapacity(int size)
    {
        if (size <= _lengths.Length)
        {
            return;
        }

        var capacity = Math.Max(size, _lengths.Length * 2);
        Array.Resize(ref _lengths, capacity);
        Array.Resize(ref _removed, capacity);
    }

    private sealed class Postings
    {
        public int[] Documents = new int[4];
        public int[] Frequencies = new int[4];
        public int Count;

        public void Add(int document, int frequency)
        {
            if (Count == Documents.Length)
            {
                Array.Resize(ref Documents, Count * 2);
                Array.Resize(ref Frequencies, Count * 2);
            }

            Documents[Count] = document;
            Frequencies[Count] = frequency;
            Count++;
        }
    }
}
