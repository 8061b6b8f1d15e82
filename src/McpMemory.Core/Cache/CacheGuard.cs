namespace McpMemory.Core.Cache;

/// <summary>
/// Decides whether an answer stored for one question may be served for another that is close in meaning. Embeddings
/// place "Convert 100 USD to EUR" next to "Convert 100 EUR to USD" and "Is the museum open on Monday?" next to "Is the
/// museum closed on Monday?", so a candidate above the similarity threshold is still rejected when the two questions
/// differ in negation (one negated with not, never, without or n't and the other not; un-/in-/dis-/non- words; opposites such as open and closed), in
/// numbers (digits or words: "5" and "five" agree, "five" and "six" do not), in dates (calendar dates, years, months,
/// weekdays, seasons, today and tomorrow, this and next week), in named entities (a capitalised name, an acronym or a
/// product name in each that the other lacks; an acronym matches the initials of a name), or in the order of the two
/// sides of a comparison or conversion ("USD to EUR" against "EUR to USD", "faster than" turned around, or the same
/// words in another order). English only; it knows nothing of the world, only of the words.
/// </summary>
public static class CacheGuard
{
    // The most content words of a question whose order is checked.
    private const int MaxReorderedWords = 12;

    /// <summary>Compares the question an answer was stored for with the question looked up.</summary>
    public static GuardVerdict Check(string stored, string query)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(query);
        var a = GuardText.Analyze(stored);
        var b = GuardText.Analyze(query);
        return Negation(a, b) ?? Order(a, b) ?? Dates(a, b) ?? Numbers(a, b) ?? Entities(a, b) ?? GuardVerdict.Pass;
    }

    /// <summary>
    /// How much two questions share in content words (plurals folded, stop words, numbers and dates left out): the
    /// Jaccard index of their sets, 0 to 1.
    /// </summary>
    public static double WordOverlap(string first, string second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        var a = GuardText.Analyze(first).Content.ToHashSet(StringComparer.Ordinal);
        var b = GuardText.Analyze(second).Content.ToHashSet(StringComparer.Ordinal);
        var union = a.Count + b.Count - a.Count(b.Contains);
        return union == 0 ? 0 : (double)a.Count(b.Contains) / union;
    }

    /// <summary>
    /// How much two texts share in characters: the Jaccard index of their sets of three-character sequences, lower-cased
    /// with runs of white space as one space, 0 to 1. It tells apart near-duplicate questions that embeddings score
    /// alike ("by clicking on the provided link" against "Click on the provided link to redirect").
    /// </summary>
    public static double TrigramOverlap(string first, string second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        var a = Trigrams(first);
        var b = Trigrams(second);
        var shared = a.Count(b.Contains);
        var union = a.Count + b.Count - shared;
        return union == 0 ? 0 : (double)shared / union;
    }

    private static HashSet<ulong> Trigrams(string text)
    {
        var folded = new System.Text.StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                if (folded.Length > 0 && folded[^1] != ' ')
                {
                    folded.Append(' ');
                }
            }
            else
            {
                folded.Append(char.ToLowerInvariant(c));
            }
        }

        var trimmed = folded.ToString().TrimEnd();
        var set = new HashSet<ulong>();
        for (var i = 0; i + 3 <= trimmed.Length; i++)
        {
            set.Add(((ulong)trimmed[i] << 32) | ((ulong)trimmed[i + 1] << 16) | trimmed[i + 2]);
        }

        return set;
    }

    private static GuardVerdict? Negation(GuardText a, GuardText b)
    {
        // Negated or not: "No, it is not in 2.10" and "2.10 does not have it" say the same.
        if ((a.Negations.Count > 0) != (b.Negations.Count > 0))
        {
            return GuardVerdict.Reject("negation", $"negation differs: {Quote(a.Negations)} in the stored question against {Quote(b.Negations)} in this one");
        }

        foreach (var (one, other, oneIsStored) in new[] { (a, b, true), (b, a, false) })
        {
            if (other.Negations.Count > 0)
            {
                continue; // "non-streaming" and "without streaming" agree
            }

            foreach (var token in one.Lower)
            {
                if (GuardLexicon.NegatedBase(token, other.Lower) is { } word)
                {
                    var (stored, asked) = oneIsStored ? (token, word) : (word, token);
                    return GuardVerdict.Reject("negation", $"negation differs: '{stored}' in the stored question against '{asked}' in this one");
                }
            }
        }

        return Opposite(a, b, "negation");
    }

    private static GuardVerdict? Order(GuardText a, GuardText b)
    {
        if (Opposite(a, b, "order") is { } opposite)
        {
            return opposite;
        }

        // Only questions and short requests: long statements that move their clauses around are left alone.
        if (a.Content.Count > MaxReorderedWords || b.Content.Count > MaxReorderedWords)
        {
            return null;
        }

        // A side swapped: the word right after a connector in one question stands before it in the other, and the
        // other way round ("Python faster than Java" / "Java faster than Python").
        for (var i = 0; i + 1 < a.Sides.Count; i++)
        {
            for (var j = 0; j + 1 < b.Sides.Count; j++)
            {
                var (l1, r1, l2, r2) = (a.Sides[i], a.Sides[i + 1], b.Sides[j], b.Sides[j + 1]);
                var (x, y) = (r2[0], r1[0]);
                if (x != y && l1.Contains(x) && l2.Contains(y) && !r1.Contains(x) && !r2.Contains(y) && !l1.Contains(y) && !l2.Contains(x))
                {
                    return GuardVerdict.Reject("order", $"the two sides are swapped: '{x}' then '{y}' in the stored question, '{y}' then '{x}' in this one");
                }
            }
        }

        // The same words in another order ("euros is 50 pounds" / "pounds is 50 euros").
        if (a.Content.Count > 1 && a.Content.Count == b.Content.Count && !a.Content.SequenceEqual(b.Content)
            && a.Content.Order(StringComparer.Ordinal).SequenceEqual(b.Content.Order(StringComparer.Ordinal)))
        {
            return GuardVerdict.Reject("order", $"the same words in another order: '{string.Join(' ', a.Content)}' against '{string.Join(' ', b.Content)}'");
        }

        return null;
    }

    private static GuardVerdict? Opposite(GuardText a, GuardText b, string kind)
    {
        foreach (var (pairKind, one, other) in GuardLexicon.OppositePairs)
        {
            if (pairKind != kind)
            {
                continue;
            }

            var aOne = one.FirstOrDefault(a.Lower.Contains);
            var aOther = other.FirstOrDefault(a.Lower.Contains);
            var bOne = one.FirstOrDefault(b.Lower.Contains);
            var bOther = other.FirstOrDefault(b.Lower.Contains);
            string? stored = null, asked = null;
            if (aOne is not null && aOther is null && bOther is not null && bOne is null)
            {
                (stored, asked) = (aOne, bOther);
            }
            else if (aOther is not null && aOne is null && bOne is not null && bOther is null)
            {
                (stored, asked) = (aOther, bOne);
            }

            if (stored is not null)
            {
                var what = kind == "order" ? "the comparison is turned around" : "the meaning is reversed";
                return GuardVerdict.Reject(kind, $"{what}: '{stored}' in the stored question against '{asked}' in this one");
            }
        }

        return null;
    }

    private static GuardVerdict? Dates(GuardText a, GuardText b) =>
        a.Dates.SetEquals(b.Dates)
            ? null
            : GuardVerdict.Reject("date", $"dates differ: {Quote(a.Dates.Except(b.Dates))} in the stored question against {Quote(b.Dates.Except(a.Dates))} in this one");

    private static GuardVerdict? Numbers(GuardText a, GuardText b)
    {
        var left = a.Numbers.Order(StringComparer.Ordinal).ToList();
        var right = b.Numbers.Order(StringComparer.Ordinal).ToList();
        if (left.SequenceEqual(right))
        {
            // The same numbers the other way round in a comparison or a difference ("Is 7 greater than 5?").
            return a.Numbers.Count > 1 && !a.Numbers.SequenceEqual(b.Numbers) && (IsDirected(a) || IsDirected(b))
                ? GuardVerdict.Reject("order", $"the numbers are swapped: {Quote(a.Numbers)} in the stored question, {Quote(b.Numbers)} in this one")
                : null;
        }

        var onlyLeft = Without(left, right);
        var onlyRight = Without(right, left);
        return GuardVerdict.Reject("number", $"numbers differ: {Quote(onlyLeft)} in the stored question against {Quote(onlyRight)} in this one");
    }

    // Whether the order of the numbers matters: a comparison, a conversion or a difference.
    private static bool IsDirected(GuardText text) =>
        text.Lower.Overlaps(["than", "to", "into", "from", "vs", "versus", "minus", "divided", "over", "exceed", "exceeds"]);

    private static GuardVerdict? Entities(GuardText a, GuardText b)
    {
        var missingFromB = Missing(a, b);
        var missingFromA = Missing(b, a);
        return missingFromB.Count > 0 && missingFromA.Count > 0
            ? GuardVerdict.Reject("entity", $"named entities differ: {Quote(missingFromB)} in the stored question against {Quote(missingFromA)} in this one")
            : null;
    }

    // The names of 'one' that 'other' lacks: not among its words, not two of its words run together, and not spelled
    // out by one of its acronyms (HF: Hugging Face), nor an acronym of its words.
    private static List<string> Missing(GuardText one, GuardText other)
    {
        var joined = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < other.Tokens.Count; i++)
        {
            joined.Add(GuardLexicon.StripPossessive(other.Tokens[i].Lower) + GuardLexicon.StripPossessive(other.Tokens[i + 1].Lower));
        }

        var otherAcronyms = Initials(other).Values.SelectMany(v => v).ToHashSet(StringComparer.Ordinal);
        var oneInitials = Initials(one);
        var missing = new List<string>();
        foreach (var (original, lower, index) in one.Entities)
        {
            if (other.Lower.Contains(lower) || other.Stems.Contains(GuardLexicon.Stem(lower)) || joined.Contains(lower) || otherAcronyms.Contains(lower))
            {
                continue;
            }

            if (oneInitials.TryGetValue(index, out var acronyms) && acronyms.Any(other.Lower.Contains))
            {
                continue;
            }

            missing.Add(original);
        }

        return missing;
    }

    // For each token index, the acronyms of the runs of capitalised words through it; and every such acronym as a key.
    private static Dictionary<int, List<string>> InitialsByIndex(GuardText text)
    {
        var result = new Dictionary<int, List<string>>();
        var tokens = text.Tokens;
        for (var start = 0; start < tokens.Count; start++)
        {
            var initials = "";
            for (var end = start; end < tokens.Count && end - start < 6 && char.IsUpper(tokens[end].Original[0]); end++)
            {
                initials += char.ToLowerInvariant(tokens[end].Original[0]);
                if (end > start)
                {
                    for (var k = start; k <= end; k++)
                    {
                        if (!result.TryGetValue(k, out var list))
                        {
                            result[k] = list = [];
                        }

                        list.Add(initials);
                    }
                }
            }
        }

        return result;
    }

    private static Dictionary<int, List<string>> Initials(GuardText text) => InitialsByIndex(text);

    private static List<string> Without(List<string> items, List<string> remove)
    {
        var rest = new List<string>(items);
        foreach (var item in remove)
        {
            rest.Remove(item);
        }

        return rest;
    }

    private static string Quote(IEnumerable<string> words)
    {
        var list = words.ToList();
        return list.Count == 0 ? "none" : string.Join(", ", list.Select(w => $"'{w}'"));
    }
}
