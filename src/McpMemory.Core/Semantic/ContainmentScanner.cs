using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;

namespace McpMemory.Core.Semantic;

/// <summary>
/// Finds the documents whose text contains a string, fast: texts are kept lower-cased, as UTF-8, and joined in chunks of
/// a few hundred documents, so that a search is a vectorised byte search over each chunk that jumps from match to match,
/// instead of one call per document. UTF-8 holds most text in half the bytes of a .NET string, and since no UTF-8
/// sequence starts inside another, a byte match is a match of whole characters. Documents are numbered in order and
/// never change; a removed one is filtered out by its caller.
/// </summary>
internal sealed class ContainmentScanner
{
    /// <summary>Ends every document's text; no query may hold it.</summary>
    public const char Separator = '\u001F';

    private const int ChunkDocuments = 512;
    private readonly List<Chunk> _chunks = [];

    /// <summary>Adds the text of the next document (already lower-cased).</summary>
    public void Add(int document, string lowered)
    {
        if (_chunks.Count == 0 || _chunks[^1].Count == ChunkDocuments)
        {
            _chunks.Add(new Chunk(document));
        }

        _chunks[^1].Add(lowered);
    }

    /// <summary>Calls <paramref name="found"/> once for each document whose text contains <paramref name="loweredQuery"/>.</summary>
    public void Scan(string loweredQuery, Action<int> found)
    {
        if (loweredQuery.Contains(Separator, StringComparison.Ordinal))
        {
            return;
        }

        var query = Encoding.UTF8.GetBytes(loweredQuery);
        foreach (var chunk in _chunks)
        {
            chunk.Scan(query, found);
        }
    }

    private sealed class Chunk(int firstDocument)
    {
        private readonly ArrayBufferWriter<byte> _bytes = new();
        private readonly int[] _starts = new int[ChunkDocuments + 1];

        public int Count { get; private set; }

        public void Add(string lowered)
        {
            _starts[Count] = _bytes.WrittenCount;
            Encoding.UTF8.GetBytes(lowered, _bytes);
            _bytes.Write([(byte)Separator]);
            Count++;
            _starts[Count] = _bytes.WrittenCount;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Scan(byte[] query, Action<int> found)
        {
            var text = _bytes.WrittenSpan;
            var at = 0;
            while (at < text.Length)
            {
                var index = query.Length == 0 ? 0 : text[at..].IndexOf(query);
                if (index < 0)
                {
                    return;
                }

                index += at;

                // The document holding the match, then on to the start of the next one.
                var local = Array.BinarySearch(_starts, 0, Count + 1, index);
                local = local >= 0 ? local : ~local - 1;
                if (local >= Count)
                {
                    return;
                }

                found(firstDocument + local);
                at = _starts[local + 1];
            }
        }
    }
}
