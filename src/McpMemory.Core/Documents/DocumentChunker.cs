using McpMemory.Core.Embeddings;
using Microsoft.Extensions.AI;

namespace McpMemory.Core.Documents;

/// <summary>
/// Cuts a document into chunks that each fit the embedding model's window, following its structure: a chunk ends at
/// the strongest boundary it can (a heading, then a paragraph, list item or code block, then a sentence) once it is
/// full enough (a third for the end of a paragraph, item or block, half for a sentence), a heading starts a new chunk
/// unless its whole section fits in the current one, a paragraph, item or block that fits a chunk starts the next one
/// whole, and a sentence is cut only when it alone is longer than the window. Consecutive chunks of a section share about
/// <see cref="Overlap"/> of a window of whole sentences, so a passage cut by a chunk edge is whole in one of them.
/// Chunks tile the text: the first starts at 0, the last ends at its length, and each starts at or before the end of
/// the one before it, so the text is rebuilt exactly from them.
/// </summary>
public sealed class DocumentChunker
{
    /// <summary>The share of a window consecutive chunks aim to have in common.</summary>
    public const double DefaultOverlap = 0.15;

    /// <summary>The window used when the embedding model does not say its own (BERT-style models: 256 less 2 special tokens).</summary>
    public const int DefaultMaxTokens = 254;

    private readonly ITokenCounter _counter;

    /// <summary>Creates a chunker counting with <paramref name="counter"/>.</summary>
    /// <param name="counter">The embedding model's tokenizer.</param>
    /// <param name="maxTokens">The most tokens (special tokens excluded) of one chunk.</param>
    /// <param name="overlap">The share of a window consecutive chunks aim to share, 0 to 0.5.</param>
    public DocumentChunker(ITokenCounter counter, int maxTokens = DefaultMaxTokens, double overlap = DefaultOverlap)
    {
        ArgumentNullException.ThrowIfNull(counter);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 8);
        ArgumentOutOfRangeException.ThrowIfLessThan(overlap, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(overlap, 0.5);
        _counter = counter;
        MaxTokens = maxTokens;
        Overlap = overlap;
    }

    /// <summary>The most tokens of one chunk, special tokens excluded.</summary>
    public int MaxTokens { get; }

    /// <summary>The share of a window consecutive chunks aim to share.</summary>
    public double Overlap { get; }

    /// <summary>
    /// A chunker for <paramref name="embedder"/>'s window and tokenizer (<see cref="ITextWindowing"/> and
    /// <see cref="ITokenCounter"/>); a model that offers neither gets <see cref="DefaultMaxTokens"/> and a cautious estimate.
    /// </summary>
    public static DocumentChunker For(IEmbeddingGenerator<string, Embedding<float>> embedder)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        var counter = embedder.GetService<ITokenCounter>() ?? (ITokenCounter)ApproximateTokenCounter.Instance;
        return new DocumentChunker(counter, embedder.GetService<ITextWindowing>()?.MaxTokensPerWindow ?? DefaultMaxTokens);
    }

    /// <summary>Counts the model tokens of <paramref name="text"/>, special tokens excluded.</summary>
    public int CountTokens(ReadOnlySpan<char> text) => _counter.CountTokens(text);

    /// <summary>Cuts <paramref name="text"/> into chunks; none when it holds nothing but whitespace.</summary>
    public IReadOnlyList<TextChunk> Chunk(string text, DocumentFormat format)
    {
        ArgumentNullException.ThrowIfNull(text);
        var read = DocumentUnits.Read(text, format, _counter, MaxTokens);
        var units = read.Units;
        var count = units.Count;
        if (count == 0)
        {
            return [];
        }

        var sums = new int[count + 1];
        var sectionEnds = new int[count];
        for (var i = 0; i < count; i++)
        {
            sums[i + 1] = sums[i] + units[i].Tokens;
        }

        for (int i = count - 1, next = count; i >= 0; i--)
        {
            sectionEnds[i] = next;
            if (units[i].Break == ChunkBreak.Section)
            {
                next = i;
            }
        }

        var spans = new List<(int First, int End, int Tokens)>();
        var start = 0;
        var fresh = 0;
        while (true)
        {
            var (end, atHeading) = Extend(units, sums, sectionEnds, start);
            var cut = end == count || atHeading ? end : ChooseCut(units, sums, start, fresh, end);

            // Token counts of units add up for text cut at whitespace; check the whole chunk anyway.
            var tokens = Count(text, units[start].Start, units[cut - 1].End);
            while (tokens > MaxTokens && cut - 1 > start)
            {
                cut--;
                tokens = Count(text, units[start].Start, units[cut - 1].End);
            }

            spans.Add((start, cut, tokens));
            if (cut == count)
            {
                break;
            }

            start = NextStart(units, sums, start, cut);
            fresh = cut;
        }

        return Tile(text, units, read.Sections, spans);
    }

    // The furthest end that fits from 'start', stopping before a heading whose section does not fit in what is left.
    private (int End, bool AtHeading) Extend(IReadOnlyList<ChunkUnit> units, int[] sums, int[] sectionEnds, int start)
    {
        var end = start;
        var content = false;
        while (end < units.Count && sums[end + 1] - sums[start] <= MaxTokens)
        {
            var isHeading = units[end].Break == ChunkBreak.Section;
            if (end > start && isHeading && content && sums[sectionEnds[end]] - sums[start] > MaxTokens)
            {
                return (end, true);
            }

            content |= !isHeading;
            end++;
        }

        return (end, false);
    }

    // The end to cut at, in (start, end]: the strongest boundary that leaves the chunk full enough (a third for the
    // end of a paragraph, list item or block, half for the end of a sentence or anything weaker), the latest of equals;
    // inside a code block or an over-long sentence, rather an earlier sentence or block boundary, so that the block
    // starts the next chunk whole, but never within the overlap with the chunk before (units before 'fresh').
    private int ChooseCut(IReadOnlyList<ChunkUnit> units, int[] sums, int start, int fresh, int end)
    {
        var best = -1;
        for (var c = end; c > start; c--)
        {
            var fill = sums[c] - sums[start];
            var enough = units[c].Break > ChunkBreak.Sentence ? MaxTokens / 3 : MaxTokens / 2;
            if (fill >= enough && (best < 0 || units[c].Break > units[best].Break))
            {
                best = c;
            }
        }

        if (best >= 0 && units[best].Break >= ChunkBreak.Sentence)
        {
            return best;
        }

        var fallback = -1;
        for (var c = end; c > fresh; c--)
        {
            if (units[c].Break >= ChunkBreak.Sentence && sums[c] - sums[start] >= MaxTokens / 5 && (fallback < 0 || units[c].Break > units[fallback].Break))
            {
                fallback = c;
            }
        }

        return fallback >= 0 ? fallback : best >= 0 ? best : end;
    }

    // Where the chunk after [start, cut) begins: a few whole sentences back, as near the overlap as they come, never
    // across a heading and never so far that the next unit would not fit.
    private int NextStart(IReadOnlyList<ChunkUnit> units, int[] sums, int start, int cut)
    {
        var next = units[cut];
        if (next.Break == ChunkBreak.Section || Overlap <= 0)
        {
            return cut;
        }

        // After a paragraph, list item or block, the overlap leaves room for the whole of the next one, if it fits a chunk.
        var group = next.Tokens;
        for (var u = cut + 1; u < units.Count && units[u].Break < next.Break && group <= MaxTokens; u++)
        {
            group += units[u].Tokens;
        }

        var target = (int)Math.Round(Overlap * MaxTokens);
        var limit = Math.Min(2 * target, MaxTokens - (next.Break > ChunkBreak.Sentence && group <= MaxTokens ? group : next.Tokens));
        var finest = next.Break < ChunkBreak.Sentence ? next.Break : ChunkBreak.Sentence;
        var best = cut;
        var bestMiss = target;
        for (var k = cut - 1; k > start && units[k].Section == next.Section; k--)
        {
            var shared = sums[cut] - sums[k];
            if (shared > limit)
            {
                break;
            }

            if (units[k].Break >= finest && Math.Abs(shared - target) < bestMiss)
            {
                best = k;
                bestMiss = Math.Abs(shared - target);
            }
        }

        return best;
    }

    private int Count(string text, int start, int end) => _counter.CountTokens(text.AsSpan(start, end - start));

    // Character ranges that cover the text: whitespace between chunks goes to the one before.
    private static List<TextChunk> Tile(string text, IReadOnlyList<ChunkUnit> units, IReadOnlyList<IReadOnlyList<string>> sections, List<(int First, int End, int Tokens)> spans)
    {
        var chunks = new List<TextChunk>(spans.Count);
        for (var i = 0; i < spans.Count; i++)
        {
            var (first, end, tokens) = spans[i];
            var charStart = i == 0 ? 0 : units[first].Start;
            var charEnd = i == spans.Count - 1 ? text.Length : Math.Max(units[end - 1].End, units[spans[i + 1].First].Start);
            var section = units[first].Section;
            for (var u = first; u < end; u++)
            {
                if (units[u].Break != ChunkBreak.Section)
                {
                    section = units[u].Section;
                    break;
                }
            }

            chunks.Add(new TextChunk(i, charStart, charEnd, tokens, sections[section]));
        }

        return chunks;
    }
}
