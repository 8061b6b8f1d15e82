namespace McpMemory.Embeddings.Onnx;

internal sealed partial class OnnxEmbeddingGenerator
{
    /// <summary>About how many tokens consecutive windows share, so a sentence cut by a window edge is whole in one of them.</summary>
    internal const int WindowOverlapTokens = 32;

    /// <summary>
    /// The most characters one piece of an over-long word (a run without whitespace) may span; bounds the search for
    /// where to cut such a run. No real token spans more.
    /// </summary>
    private const int MaxCharsPerTokenEstimate = 100;

    /// <inheritdoc />
    /// <remarks>
    /// Windows end at whitespace, hold at most <see cref="MaxTokensPerWindow"/> tokens each when tokenised on their own, and
    /// overlap by about <see cref="WindowOverlapTokens"/> tokens. Only a run of text without whitespace that alone exceeds
    /// the window (a long URL, text in a script without spaces) is cut inside, into pieces that do not overlap.
    /// </remarks>
    public IReadOnlyList<Range> SplitIntoWindows(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var budget = MaxTokensPerWindow;
        if (CountTokens(text.AsSpan()) <= budget)
        {
            return [new Range(0, text.Length)];
        }

        var words = FindWords(text);
        var ranges = new List<Range>();
        var i = 0;
        while (i < words.Count)
        {
            if (words[i].Tokens > budget)
            {
                SplitLongWord(text, words[i].Start, words[i].End, ranges);
                i++;
                continue;
            }

            // Take whole words while they fit.
            var j = i;
            var sum = 0;
            while (j < words.Count && sum + words[j].Tokens <= budget)
            {
                sum += words[j].Tokens;
                j++;
            }

            // Word counts add up to the window's count; check anyway, and give words back if they do not.
            while (j - 1 > i && CountTokens(text.AsSpan(words[i].Start, words[j - 1].End - words[i].Start)) > budget)
            {
                j--;
            }

            ranges.Add(new Range(words[i].Start, words[j - 1].End));
            if (j >= words.Count || words[j].Tokens > budget)
            {
                i = j;
                continue;
            }

            // Start the next window a few words back, always after the start of this one.
            var next = j;
            var overlap = 0;
            while (next - 1 > i && overlap + words[next - 1].Tokens <= WindowOverlapTokens)
            {
                next--;
                overlap += words[next].Tokens;
            }

            i = next;
        }

        // Whitespace at either end holds no tokens; let the windows reach the ends of the text.
        ranges[0] = new Range(0, ranges[0].End);
        ranges[^1] = new Range(ranges[^1].Start, text.Length);
        return ranges;
    }

    private List<(int Start, int End, int Tokens)> FindWords(string text)
    {
        var words = new List<(int Start, int End, int Tokens)>();
        var position = 0;
        while (position < text.Length)
        {
            while (position < text.Length && char.IsWhiteSpace(text[position]))
            {
                position++;
            }

            var start = position;
            while (position < text.Length && !char.IsWhiteSpace(text[position]))
            {
                position++;
            }

            if (position > start)
            {
                words.Add((start, position, CountTokens(text.AsSpan(start, position - start))));
            }
        }

        return words;
    }

    /// <summary>Cuts the run <c>[start, end)</c> into consecutive pieces that each fit the window.</summary>
    private void SplitLongWord(string text, int start, int end, List<Range> ranges)
    {
        var budget = MaxTokensPerWindow;
        while (start < end)
        {
            // Binary search for a long prefix that fits; the shortest piece, one character (or surrogate pair), always does.
            var low = start + 1;
            var high = Math.Min(end, start + (budget * MaxCharsPerTokenEstimate));
            var best = AlignToBoundary(text, start + 1, end);
            while (low <= high)
            {
                var middle = low + ((high - low) / 2);
                var cut = AlignToBoundary(text, middle, end);
                if (CountTokens(text.AsSpan(start, cut - start)) <= budget)
                {
                    best = Math.Max(best, cut);
                    low = middle + 1;
                }
                else
                {
                    high = middle - 1;
                }
            }

            ranges.Add(new Range(start, best));
            start = best;
        }
    }

    /// <summary>Moves a cut forward so that it does not split a surrogate pair.</summary>
    private static int AlignToBoundary(string text, int position, int end) =>
        position < end && char.IsLowSurrogate(text[position]) ? position + 1 : position;
}
