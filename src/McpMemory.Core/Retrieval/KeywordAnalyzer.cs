namespace McpMemory.Core.Retrieval;

/// <summary>
/// Turns text into keyword terms for BM25: lower-cased runs of letters and digits. The
/// <see cref="Standard"/> analyzer also drops English stop words and strips plural and possessive endings, so that
/// "Caroline's dogs" matches "dog owned by Caroline"; <see cref="Plain"/> does neither.
/// </summary>
public sealed class KeywordAnalyzer
{
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can", "could", "did", "do", "does", "for",
        "from", "had", "has", "have", "he", "her", "hers", "him", "his", "how", "i", "if", "in", "into", "is", "it",
        "its", "me", "my", "of", "on", "or", "our", "she", "so", "that", "the", "their", "them", "then", "there",
        "these", "they", "this", "to", "was", "we", "were", "what", "when", "where", "which", "who", "whom", "why",
        "will", "with", "would", "you", "your", "s", "t", "about", "am", "any", "some", "just", "also", "very",
    };

    private readonly bool _standard;

    private KeywordAnalyzer(bool standard) => _standard = standard;

    /// <summary>Lower-casing, stop words and plural stripping.</summary>
    public static KeywordAnalyzer Standard { get; } = new(standard: true);

    /// <summary>Lower-casing only.</summary>
    public static KeywordAnalyzer Plain { get; } = new(standard: false);

    /// <summary>Returns the terms of <paramref name="text"/>, in order, repeats kept.</summary>
    public List<string> Analyze(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var terms = new List<string>();
        var span = text.AsSpan();
        var buffer = new char[64];
        var i = 0;
        while (i < span.Length)
        {
            while (i < span.Length && !char.IsLetterOrDigit(span[i]))
            {
                i++;
            }

            var start = i;
            while (i < span.Length && char.IsLetterOrDigit(span[i]))
            {
                i++;
            }

            var length = i - start;
            if (length == 0)
            {
                continue;
            }

            if (buffer.Length < length)
            {
                buffer = new char[length];
            }

            var word = buffer.AsSpan(0, length);
            span.Slice(start, length).ToLowerInvariant(word);
            AddTerm(terms, word);
        }

        return terms;
    }

    private void AddTerm(List<string> terms, ReadOnlySpan<char> word)
    {
        if (!_standard)
        {
            terms.Add(word.ToString());
            return;
        }

        var term = Stem(word).ToString();
        if (!StopWords.Contains(term))
        {
            terms.Add(term);
        }
    }

    // Harman's S-stemmer: strips English plural endings conservatively.
    private static ReadOnlySpan<char> Stem(ReadOnlySpan<char> word)
    {
        if (word.Length < 4 || word[^1] != 's' || !char.IsLetter(word[^2]))
        {
            return word;
        }

        if (word.EndsWith("ies") && !word.EndsWith("eies") && !word.EndsWith("aies"))
        {
            return string.Concat(word[..^3], "y");
        }

        if (word.EndsWith("es") && !word.EndsWith("aes") && !word.EndsWith("ees") && !word.EndsWith("oes"))
        {
            return word[..^1];
        }

        if (!word.EndsWith("us") && !word.EndsWith("ss"))
        {
            return word[..^1];
        }

        return word;
    }
}
