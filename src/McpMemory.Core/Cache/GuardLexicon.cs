using System.Text.RegularExpressions;
namespace McpMemory.Core.Cache;

/// <summary>The English words the cache guard knows: negations, numbers, dates, connectors and opposites.</summary>
internal static class GuardLexicon
{
    private static readonly HashSet<string> NegationWords = new(StringComparer.Ordinal)
    {
        "not", "no", "never", "none", "nobody", "nothing", "nowhere", "neither", "nor", "without", "cannot", "cant", "dont", "doesnt", "isnt", "arent", "wasnt", "werent", "wont", "didnt", "shouldnt", "couldnt", "wouldnt", "hasnt", "havent",
    };

    private static readonly string[] NegativePrefixes = ["non-", "non", "un", "in", "im", "il", "ir", "dis"];

    private static readonly Dictionary<string, (double Value, bool Scale)> NumberWords = new(StringComparer.Ordinal)
    {
        ["zero"] = (0, false), ["two"] = (2, false), ["three"] = (3, false), ["four"] = (4, false), ["five"] = (5, false),
        ["six"] = (6, false), ["seven"] = (7, false), ["eight"] = (8, false), ["nine"] = (9, false), ["ten"] = (10, false), ["eleven"] = (11, false),
        ["twelve"] = (12, false), ["thirteen"] = (13, false), ["fourteen"] = (14, false), ["fifteen"] = (15, false), ["sixteen"] = (16, false),
        ["seventeen"] = (17, false), ["eighteen"] = (18, false), ["nineteen"] = (19, false), ["twenty"] = (20, false), ["thirty"] = (30, false),
        ["forty"] = (40, false), ["fifty"] = (50, false), ["sixty"] = (60, false), ["seventy"] = (70, false), ["eighty"] = (80, false), ["ninety"] = (90, false),
        ["second"] = (2, false), ["third"] = (3, false), ["fourth"] = (4, false), ["fifth"] = (5, false), ["sixth"] = (6, false),
        ["seventh"] = (7, false), ["eighth"] = (8, false), ["ninth"] = (9, false), ["tenth"] = (10, false), ["eleventh"] = (11, false), ["twelfth"] = (12, false),
        ["thirteenth"] = (13, false), ["fourteenth"] = (14, false), ["fifteenth"] = (15, false), ["sixteenth"] = (16, false), ["seventeenth"] = (17, false),
        ["eighteenth"] = (18, false), ["nineteenth"] = (19, false), ["twentieth"] = (20, false), ["thirtieth"] = (30, false), ["fortieth"] = (40, false),
        ["fiftieth"] = (50, false), ["hundredth"] = (100, true), ["thousandth"] = (1000, true),
        ["hundred"] = (100, true), ["thousand"] = (1000, true), ["million"] = (1_000_000, true), ["billion"] = (1_000_000_000, true), ["trillion"] = (1e12, true),
        ["dozen"] = (12, true), ["half"] = (0.5, false), ["quarter"] = (0.25, false), ["twice"] = (2, false), ["thrice"] = (3, false),
    };

    private static readonly Dictionary<string, string> Months = new(StringComparer.Ordinal)
    {
        ["january"] = "1", ["jan"] = "1", ["february"] = "2", ["feb"] = "2", ["march"] = "3", ["mar"] = "3", ["april"] = "4", ["apr"] = "4",
        ["may"] = "5", ["june"] = "6", ["jun"] = "6", ["july"] = "7", ["jul"] = "7", ["august"] = "8", ["aug"] = "8", ["september"] = "9",
        ["sep"] = "9", ["sept"] = "9", ["october"] = "10", ["oct"] = "10", ["november"] = "11", ["nov"] = "11", ["december"] = "12", ["dec"] = "12",
    };

    // Words that name a day or a time of year by themselves.
    private static readonly Dictionary<string, string> DateWords = new(StringComparer.Ordinal)
    {
        ["monday"] = "monday", ["tuesday"] = "tuesday", ["wednesday"] = "wednesday", ["thursday"] = "thursday", ["friday"] = "friday",
        ["saturday"] = "saturday", ["sunday"] = "sunday", ["mondays"] = "monday", ["tuesdays"] = "tuesday", ["wednesdays"] = "wednesday",
        ["thursdays"] = "thursday", ["fridays"] = "friday", ["saturdays"] = "saturday", ["sundays"] = "sunday",
        ["today"] = "today", ["today's"] = "today", ["tonight"] = "tonight", ["tonight's"] = "tonight", ["tomorrow"] = "tomorrow", ["tomorrow's"] = "tomorrow",
        ["yesterday"] = "yesterday", ["yesterday's"] = "yesterday", ["weekend"] = "weekend", ["weekends"] = "weekend",
        ["spring"] = "spring", ["summer"] = "summer", ["autumn"] = "autumn", ["winter"] = "winter",
        ["christmas"] = "christmas", ["easter"] = "easter", ["midnight"] = "midnight", ["noon"] = "noon",
    };

    private static readonly HashSet<string> DateModifiers = new(StringComparer.Ordinal) { "this", "next", "last", "previous", "coming", "past", "following" };

    private static readonly HashSet<string> DateUnits = new(StringComparer.Ordinal)
    {
        "week", "weeks", "month", "months", "year", "years", "quarter", "morning", "afternoon", "evening", "night", "day", "decade", "century", "season",
    };

    private static readonly HashSet<string> YearLeads = new(StringComparer.Ordinal)
    {
        "in", "of", "since", "from", "until", "till", "by", "before", "after", "around", "circa", "during", "early", "late", "mid", "year", "born", "for", "fy",
    };

    // Words that join the two sides of a conversion or a comparison, whose order matters.
    private static readonly HashSet<string> Connectors = new(StringComparer.Ordinal)
    {
        "to", "into", "than", "vs", "versus", "from", "in", "before", "after",
    };

    // Capitalised words that are not names: pronouns and words often capitalised in questions.
    private static readonly HashSet<string> NamedCommonWords = new(StringComparer.Ordinal) { "i", "i'm", "i've", "i'd", "i'll", "ok", "okay", "mr", "mrs", "ms", "dr", "st" };

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did", "i", "you", "he", "she", "it", "we", "they", "me",
        "my", "your", "his", "her", "our", "their", "its", "them", "us", "of", "on", "at", "for", "with", "by", "about", "as", "what", "which", "who",
        "whom", "whose", "when", "where", "why", "how", "can", "could", "should", "would", "will", "shall", "may", "might", "must", "and", "or", "but",
        "if", "this", "that", "these", "those", "there", "here", "much", "many", "some", "any", "all", "please", "so", "just", "there's", "it's", "what's",
        "i'm", "has", "have", "had", "get", "got", "also", "than", "then", "very", "more", "most", "s", "between", "per", "each", "such", "other",
    };

    // Pairs of opposites: a question with one word and not the other, against one with the other and not the one.
    private static readonly (string Kind, string[] One, string[] Other)[] Opposites =
    [
        ("negation", ["open", "opens", "opened"], ["closed", "close", "closes", "shut"]),
        ("negation", ["show", "shows", "showing", "shown"], ["hide", "hides", "hiding"]),
        ("negation", ["pass", "passed", "passes", "passing"], ["fail", "failed", "fails", "failing"]),
        ("negation", ["accept", "accepted", "accepts", "accepting"], ["reject", "rejected", "rejects", "rejecting", "refuse", "refused", "refuses"]),
        ("negation", ["include", "included", "includes", "including"], ["exclude", "excluded", "excludes", "excluding"]),
        ("negation", ["allow", "allowed", "allows", "permitted", "permit"], ["forbid", "forbidden", "forbids", "ban", "banned", "prohibit", "prohibited", "deny", "denied"]),
        ("negation", ["enable", "enabled", "enables", "enabling"], ["disable", "disabled", "disables", "disabling"]),
        ("negation", ["buy", "buying", "bought"], ["sell", "selling", "sold"]),
        ("negation", ["win", "wins", "won", "winning"], ["lose", "loses", "lost", "losing"]),
        ("negation", ["start", "starts", "started", "starting"], ["stop", "stops", "stopped", "stopping"]),
        ("negation", ["add", "adds", "added", "adding"], ["remove", "removes", "removed", "removing", "delete", "deleted", "deletes"]),
        ("negation", ["true"], ["false"]),
        ("negation", ["love", "loves", "loved"], ["hate", "hates", "hated"]),
        ("negation", ["import", "imports", "importing"], ["export", "exports", "exporting"]),
        ("negation", ["upload", "uploads", "uploading"], ["download", "downloads", "downloading"]),
        ("negation", ["encrypt", "encrypts", "encrypted", "encryption"], ["decrypt", "decrypts", "decrypted", "decryption"]),
        ("negation", ["safe", "safely"], ["dangerous", "unsafe"]),
        ("negation", ["success", "successful", "succeeded"], ["failure", "unsuccessful"]),
        ("order", ["bigger", "larger", "greater", "biggest", "largest", "greatest"], ["smaller", "lesser", "smallest", "least"]),
        ("order", ["more"], ["less", "fewer"]),
        ("order", ["higher", "highest"], ["lower", "lowest"]),
        ("order", ["faster", "quicker", "fastest"], ["slower", "slowest"]),
        ("order", ["older", "oldest"], ["younger", "youngest", "newer", "newest"]),
        ("order", ["heavier", "heaviest"], ["lighter", "lightest"]),
        ("order", ["cheaper", "cheapest"], ["expensive", "pricier", "dearer"]),
        ("order", ["better", "best"], ["worse", "worst"]),
        ("order", ["first", "earliest"], ["last", "latest"]),
        ("order", ["before", "earlier"], ["after", "later"]),
        ("order", ["above"], ["below"]),
        ("order", ["latest", "newest", "newer"], ["oldest", "older"]),
        ("negation", ["cause", "causes", "caused", "causing"], ["prevent", "prevents", "prevented", "preventing"]),
        ("negation", ["boiling", "boil", "boils"], ["freezing", "freeze", "freezes", "melting"]),
        ("negation", ["increase", "increases", "increased", "increasing"], ["decrease", "decreases", "decreased", "decreasing", "reduce", "reduced", "reduces"]),
        ("order", ["maximum", "max"], ["minimum", "min"]),
        ("order", ["maximum", "max", "most"], ["minimum", "min"]),
        ("order", ["longer", "longest", "taller", "tallest"], ["shorter", "shortest"]),
        ("order", ["hotter", "hottest", "warmer", "warmest"], ["colder", "coldest", "cooler", "coolest"]),
        ("order", ["richer", "richest"], ["poorer", "poorest"]),
        ("order", ["stronger", "strongest"], ["weaker", "weakest"]),
        ("order", ["easier", "easiest"], ["harder", "hardest", "difficult"]),
        ("order", ["deeper", "deepest"], ["shallower", "shallowest"]),
        ("order", ["increase", "increases", "increased", "increasing", "rise", "rises"], ["decrease", "decreases", "decreased", "decreasing", "fall", "falls", "drop", "drops"]),
    ];

    public static bool IsNegation(string lower) =>
        NegationWords.Contains(lower) || lower.EndsWith("n't", StringComparison.Ordinal) || lower.StartsWith("non-", StringComparison.Ordinal) || lower.StartsWith("no-", StringComparison.Ordinal);

    /// <summary>The word <paramref name="lower"/> negates by a prefix (unsafe: safe), when <paramref name="other"/> has that word and not the prefixed one.</summary>
    public static string? NegatedBase(string lower, IReadOnlySet<string> other)
    {
        if (other.Contains(lower))
        {
            return null;
        }

        foreach (var prefix in NegativePrefixes)
        {
            if (lower.Length - prefix.Length >= 4 && lower.StartsWith(prefix, StringComparison.Ordinal))
            {
                var rest = lower[prefix.Length..];
                if (other.Contains(rest))
                {
                    return rest;
                }
            }
        }

        return null;
    }

    public static (double Value, bool Scale)? NumberWord(string lower) => NumberWords.TryGetValue(lower, out var value) ? value : null;

    public static string? Month(string lower) => Months.GetValueOrDefault(lower);

    public static string? DateWord(string lower) => DateWords.GetValueOrDefault(lower);

    public static bool IsDateModifier(string lower) => DateModifiers.Contains(lower);

    public static bool IsDateUnit(string lower) => DateUnits.Contains(lower);

    public static bool IsYearLead(string lower) => YearLeads.Contains(lower);

    public static bool IsConnector(string lower) => Connectors.Contains(lower);

    /// <summary>
    /// Writes currency names as their ISO codes ("US dollars" and "dollars" as USD, "euros" as EUR), so that "USD to EUR"
    /// and "US dollars to euros" are the same question and "EUR to dollars" its reverse.
    /// </summary>
    public static string CurrencyCodes(string text)
    {
        foreach (var (pattern, code) in Currencies)
        {
            text = pattern.Replace(text, code);
        }

        return text;
    }

    private static readonly (Regex Pattern, string Code)[] Currencies =
    [
        (CurrencyRegex(@"\bcanadian\s+dollars?\b|\bcad\b"), "CAD"),
        (CurrencyRegex(@"\b(?:u\.?s\.?|american)\s+dollars?\b|\bdollars?\b|\busd\b"), "USD"),
        (CurrencyRegex(@"\beuros?\b|\beur\b"), "EUR"),
        (CurrencyRegex(@"\b(?:british\s+)?pounds?\s+sterling\b|\bsterling\b|\bbritish\s+pounds?\b|\bgbp\b"), "GBP"),
        (CurrencyRegex(@"\b(?:japanese\s+)?yen\b|\bjpy\b"), "JPY"),
        (CurrencyRegex(@"\b(?:chinese\s+)?(?:yuan|renminbi)\b|\bcny\b"), "CNY"),
        (CurrencyRegex(@"\b(?:swiss\s+)?francs?\b|\bchf\b"), "CHF"),
        (CurrencyRegex(@"\b(?:indian\s+)?rupees?\b|\binr\b"), "INR"),
        (CurrencyRegex(@"\bbitcoins?\b|\bbtc\b"), "BTC"),
    ];

    private static Regex CurrencyRegex(string pattern) => new(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);

    public static bool IsNamedCommonWord(string lower) => NamedCommonWords.Contains(lower);

    public static bool IsStopWord(string lower) => StopWords.Contains(lower);

    public static IEnumerable<(string Kind, string[] One, string[] Other)> OppositePairs => Opposites;

    public static string StripPossessive(string lower) =>
        lower.EndsWith("'s", StringComparison.Ordinal) ? lower[..^2] : lower.EndsWith('\'') ? lower[..^1] : lower;

    /// <summary>A crude English stem: possessives and plurals folded.</summary>
    public static string Stem(string lower)
    {
        var word = StripPossessive(lower);
        if (word.Length > 4 && word.EndsWith("ies", StringComparison.Ordinal))
        {
            return word[..^3] + "y";
        }

        if (word.Length > 3 && word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) && !word.EndsWith("us", StringComparison.Ordinal) && !word.EndsWith("is", StringComparison.Ordinal))
        {
            return word[..^1];
        }

        return word;
    }
}
