using System.Globalization;
using System.Text.RegularExpressions;

namespace McpMemory.Core.Cache;

/// <summary>One question as the cache guard sees it: its words, and what in them changes an answer.</summary>
internal sealed partial class GuardText
{
    private GuardText(string text)
    {
        Text = text;
        var read = GuardLexicon.CurrencyCodes(text.Replace('’', '\''));
        foreach (Match match in TokenPattern().Matches(read))
        {
            var sentenceStart = IsSentenceStart(read, match.Index);
            Tokens.Add(new Token(match.Value, match.Value.ToLowerInvariant(), sentenceStart));
        }

        Lower = [.. Tokens.Select(t => t.Lower)];
        Stems = [.. Tokens.Select(t => GuardLexicon.Stem(t.Lower))];
    }

    public string Text { get; }

    public List<Token> Tokens { get; } = [];

    /// <summary>Every token in lower case.</summary>
    public HashSet<string> Lower { get; }

    /// <summary>Every token in lower case, plurals and possessives folded.</summary>
    public HashSet<string> Stems { get; }

    /// <summary>Negation words (not, no, never, n't, without, ...), in order.</summary>
    public List<string> Negations { get; } = [];

    /// <summary>Numbers written with digits or words, as normalised values.</summary>
    public List<string> Numbers { get; } = [];

    /// <summary>Dates: calendar dates, years, months, weekdays, seasons and relative days.</summary>
    public HashSet<string> Dates { get; } = new(StringComparer.Ordinal);

    /// <summary>Named entities: capitalised words past the start of a sentence, acronyms, mixed-case and alphanumeric names.</summary>
    public List<(string Original, string Lower, int Index)> Entities { get; } = [];

    /// <summary>The content words (stems) between the connectors of a comparison or conversion, in order.</summary>
    public List<List<string>> Sides { get; } = [];

    /// <summary>Every content word (stem), in order.</summary>
    public List<string> Content { get; } = [];

    public static GuardText Analyze(string text)
    {
        var analysed = new GuardText(text ?? "");
        analysed.Read();
        return analysed;
    }

    private void Read()
    {
        var segment = new List<string>();
        for (var i = 0; i < Tokens.Count; i++)
        {
            var token = Tokens[i];
            var lower = token.Lower;
            if (GuardLexicon.IsNegation(lower))
            {
                Negations.Add(lower);
            }

            if (ReadDate(i) is { } consumed)
            {
                i = consumed;
                continue;
            }

            if (ReadNumberWords(i) is { } end)
            {
                i = end;
                continue;
            }

            if (ReadDigits(token))
            {
                continue;
            }

            if (IsEntity(token))
            {
                Entities.Add((token.Original, GuardLexicon.StripPossessive(lower), i));
            }

            if (GuardLexicon.IsConnector(lower))
            {
                if (segment.Count > 0)
                {
                    Sides.Add(segment);
                    segment = [];
                }

                continue;
            }

            if (!GuardLexicon.IsStopWord(lower))
            {
                var stem = GuardLexicon.Stem(lower);
                segment.Add(stem);
                Content.Add(stem);
            }
        }

        if (segment.Count > 0)
        {
            Sides.Add(segment);
        }
    }

    // A date word, an ISO date, a year, or a day of the month next to a month; returns the last token consumed.
    private int? ReadDate(int i)
    {
        var token = Tokens[i];
        var lower = token.Lower;
        if (IsoDatePattern().IsMatch(lower))
        {
            Dates.Add(lower);
            return i;
        }

        if (QuarterPattern().IsMatch(lower))
        {
            Dates.Add(lower);
            return i;
        }

        var month = GuardLexicon.Month(lower);
        if (month is not null && lower == "may" && !(token.Original == "May" && !token.SentenceStart) && !NextToNumber(i))
        {
            month = null; // 'may' the verb
        }

        if (month is not null)
        {
            Dates.Add("month:" + month);
            return i;
        }

        if (GuardLexicon.DateWord(lower) is { } word)
        {
            var modifier = i > 0 && GuardLexicon.IsDateModifier(Tokens[i - 1].Lower) ? Tokens[i - 1].Lower + " " : "";
            Dates.Add(modifier + word);
            return i;
        }

        if (GuardLexicon.IsDateModifier(lower) && i + 1 < Tokens.Count && GuardLexicon.IsDateUnit(Tokens[i + 1].Lower))
        {
            Dates.Add(lower + " " + GuardLexicon.Stem(Tokens[i + 1].Lower));
            return i + 1;
        }

        if (OrdinalDayPattern().Match(lower) is { Success: true } day && NextToMonth(i) && int.TryParse(day.Groups[1].Value, CultureInfo.InvariantCulture, out var dayOfMonth) && dayOfMonth is >= 1 and <= 31)
        {
            Dates.Add("day:" + dayOfMonth.ToString(CultureInfo.InvariantCulture));
            return i;
        }

        if (YearPattern().IsMatch(lower) && IsYearContext(i))
        {
            Dates.Add("year:" + lower[..4]);
            return i;
        }

        return null;
    }

    private bool NextToNumber(int i) =>
        (i > 0 && char.IsDigit(Tokens[i - 1].Lower[0])) || (i + 1 < Tokens.Count && char.IsDigit(Tokens[i + 1].Lower[0]));

    private bool NextToMonth(int i)
    {
        for (var j = Math.Max(0, i - 2); j <= Math.Min(Tokens.Count - 1, i + 2); j++)
        {
            if (j != i && GuardLexicon.Month(Tokens[j].Lower) is not null)
            {
                return true;
            }
        }

        return false;
    }

    private bool IsYearContext(int i)
    {
        if (i + 1 >= Tokens.Count || Tokens[i].Lower.EndsWith('s'))
        {
            return true;
        }

        var before = i > 0 ? Tokens[i - 1].Lower : "";
        return GuardLexicon.IsYearLead(before) || GuardLexicon.Month(before) is not null || GuardLexicon.DateWord(before) is not null;
    }

    // Numbers in words ("twenty five", "one hundred and five", "a dozen", "third", "two-week"); returns the last token consumed.
    private int? ReadNumberWords(int i)
    {
        double total = 0;
        double current = 0;
        var end = -1;
        var afterScale = false;
        var j = i;
        while (j < Tokens.Count)
        {
            var parts = Tokens[j].Lower.Split('-');
            var read = 0;
            foreach (var part in parts)
            {
                if (GuardLexicon.NumberWord(part) is not { } value)
                {
                    break;
                }

                read++;
                afterScale = value.Scale;
                if (value.Scale)
                {
                    current = (current == 0 ? 1 : current) * value.Value;
                    if (value.Value >= 1000)
                    {
                        total += current;
                        current = 0;
                    }
                }
                else
                {
                    current += value.Value;
                }
            }

            if (read == 0)
            {
                break;
            }

            end = j;
            if (read < parts.Length)
            {
                break; // "two-week": the number ends inside the word
            }

            j++;
            if (afterScale && j < Tokens.Count - 1 && Tokens[j].Lower == "and" && GuardLexicon.NumberWord(Tokens[j + 1].Lower.Split('-')[0]) is { Scale: false })
            {
                j++;
            }
        }

        if (end < 0)
        {
            return null;
        }

        Numbers.Add(FormatNumber(total + current));
        return end;
    }

    private bool ReadDigits(Token token)
    {
        var found = false;
        foreach (Match match in NumberPattern().Matches(token.Lower))
        {
            var value = match.Groups[1].Value;
            value = ThousandsPattern().IsMatch(value) ? value.Replace(",", "", StringComparison.Ordinal) : value;
            Numbers.Add(double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? FormatNumber(parsed) : value);
            found = true;
        }

        // "GPT-4" or "3.6" is a number; a name like "MP3" keeps its letters as an entity too.
        return found && !token.Lower.Any(char.IsLetter);
    }

    private bool IsEntity(Token token)
    {
        var original = token.Original;
        if (!char.IsLetter(original[0]) || original.Length < 2 || GuardLexicon.IsNamedCommonWord(token.Lower))
        {
            return char.IsLetter(original[0]) && original.Any(char.IsDigit);
        }

        var inner = original.Skip(1).Any(char.IsUpper);
        var acronym = original.Count(char.IsLetter) >= 2 && original.Where(char.IsLetter).All(char.IsUpper);
        var alphanumeric = original.Any(char.IsDigit);
        return inner || acronym || alphanumeric || (char.IsUpper(original[0]) && !token.SentenceStart);
    }

    private static string FormatNumber(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static bool IsSentenceStart(string text, int index)
    {
        for (var i = index - 1; i >= 0; i--)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c) || c is '"' or '\'' or '(' or '[' or '“' or '‘' or '¿' or '¡' or '*' or '-')
            {
                continue;
            }

            if (c == '.' && EndsWithAbbreviation(text, i))
            {
                return false; // "Dr. Patel"
            }

            return c is '.' or '?' or '!' or ':' or ';' or '\n';
        }

        return true;
    }

    private static bool EndsWithAbbreviation(string text, int dot)
    {
        var start = dot;
        while (start > 0 && char.IsLetter(text[start - 1]))
        {
            start--;
        }

        return GuardLexicon.IsNamedCommonWord(text[start..dot].ToLowerInvariant()) || text[start..dot] is "Prof" or "St" or "Mt" or "vs" or "e.g" or "i.e";
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+(?:'[\p{L}]+)?(?:[.,\-/:][\p{L}\p{N}]+(?:'[\p{L}]+)?)*", RegexOptions.CultureInvariant)]
    private static partial Regex TokenPattern();

    [GeneratedRegex(@"\A\d{4}-\d{1,2}-\d{1,2}\z", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDatePattern();

    [GeneratedRegex(@"\Aq[1-4]\z", RegexOptions.CultureInvariant)]
    private static partial Regex QuarterPattern();

    [GeneratedRegex(@"\A(\d{1,2})(?:st|nd|rd|th)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex OrdinalDayPattern();

    [GeneratedRegex(@"\A(?:1\d|2\d)\d\d(?:s)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex YearPattern();

    [GeneratedRegex(@"(\d+(?:[.,]\d+)*(?:/\d+)?)", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"\A\d{1,3}(?:,\d{3})+\z", RegexOptions.CultureInvariant)]
    private static partial Regex ThousandsPattern();

    /// <summary>One word as written, in lower case, and whether it starts a sentence.</summary>
    internal sealed record Token(string Original, string Lower, bool SentenceStart);
}
