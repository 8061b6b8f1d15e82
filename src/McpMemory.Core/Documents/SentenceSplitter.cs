using System.Collections.Frozen;

namespace McpMemory.Core.Documents;

/// <summary>
/// Finds sentences in a run of prose. A sentence ends at '.', '!', '?' or '…' (with any closing quotes and brackets)
/// followed by whitespace and a word that does not start in lower case; a full stop after a known abbreviation
/// ("Dr.", "e.g.", "Fig.") or an initial ("J. Smith") does not end one, and a full stop inside a number ("3.14",
/// "v2.1") never does, as it is not followed by whitespace. '。', '！' and '？' end a sentence without whitespace.
/// </summary>
internal static class SentenceSplitter
{
    private static readonly FrozenSet<string> Abbreviations = new[]
    {
        "mr", "mrs", "ms", "mx", "dr", "prof", "sr", "jr", "st", "mt", "ft", "vs", "e.g", "i.e", "cf", "viz", "approx",
        "fig", "figs", "eq", "eqs", "no", "nos", "vol", "vols", "pp", "p", "ch", "sec", "art", "ed", "eds", "rev", "hon",
        "gen", "col", "lt", "sgt", "capt", "cmdr", "gov", "sen", "rep", "inc", "ltd", "co", "corp", "dept", "univ", "est",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "e.u", "al",
        "ca", "op", "cit", "ibid", "resp", "incl", "excl", "min", "max", "avg", "ref", "refs", "z.b", "bzw", "usw",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Appends the sentences of <c>text[start..end)</c>, each without surrounding whitespace.</summary>
    public static void Split(string text, int start, int end, List<(int Start, int End)> sentences)
    {
        start = SkipWhitespace(text, start, end);
        var sentenceStart = start;
        var position = start;
        while (position < end)
        {
            var c = text[position];
            if (!IsTerminator(c))
            {
                position++;
                continue;
            }

            var after = position + 1;
            while (after < end && (IsTerminator(text[after]) || IsCloser(text[after])))
            {
                after++;
            }

            if (IsWideTerminator(c))
            {
                var next = SkipWhitespace(text, after, end);
                if (next < end)
                {
                    sentences.Add((sentenceStart, after));
                    sentenceStart = next;
                }

                position = Math.Max(after, next);
                continue;
            }

            if (after >= end || !char.IsWhiteSpace(text[after]))
            {
                position = after;
                continue;
            }

            var following = SkipWhitespace(text, after, end);
            if (following < end && EndsSentence(text, sentenceStart, position, c, text[following]))
            {
                sentences.Add((sentenceStart, after));
                sentenceStart = following;
            }

            position = following;
        }

        var last = TrimEnd(text, sentenceStart, end);
        if (last > sentenceStart)
        {
            sentences.Add((sentenceStart, last));
        }
    }

    private static bool EndsSentence(string text, int sentenceStart, int terminator, char mark, char next)
    {
        if (char.IsLower(next))
        {
            return false;
        }

        if (mark != '.')
        {
            return true;
        }

        // The word before the full stop: letters and inner dots ("e.g", "U.S").
        var wordStart = terminator;
        while (wordStart > sentenceStart && (char.IsLetter(text[wordStart - 1]) || text[wordStart - 1] == '.'))
        {
            wordStart--;
        }

        if (wordStart == terminator)
        {
            return true;
        }

        var word = text.AsSpan(wordStart, terminator - wordStart);
        if (word.Length == 1 && char.IsUpper(word[0]))
        {
            return false;
        }

        return !Abbreviations.Contains(word.ToString().ToLowerInvariant());
    }

    private static bool IsTerminator(char c) => c is '.' or '!' or '?' or '…' || IsWideTerminator(c);

    private static bool IsWideTerminator(char c) => c is '。' or '！' or '？';

    private static bool IsCloser(char c) => c is '"' or '\'' or ')' or ']' or '}' or '”' or '’' or '»' or '」' or '』' or '）' or '*' or '_';

    private static int SkipWhitespace(string text, int position, int end)
    {
        while (position < end && char.IsWhiteSpace(text[position]))
        {
            position++;
        }

        return position;
    }

    private static int TrimEnd(string text, int start, int end)
    {
        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        return end;
    }
}
