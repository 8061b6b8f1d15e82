using System.Globalization;
using System.Text.Json;

namespace McpMemory.Benchmarks;

/// <summary>
/// The seeded knowledge graph of the <c>graph</c> benchmark. Entity <c>i</c> is named <c>"{Type} {i:D6}"</c> and has
/// two observations; consecutive entities form groups of 3 to 8 that share a made-up six-letter codename
/// (consonant-vowel three times, "Bakemo"), written into the first observation. Every fixed word is checked to hold no
/// codename, so searching a group's codename matches exactly that group by substring, in server-memory's sense
/// (case-insensitive, over name, type and observations).
/// </summary>
internal sealed class GraphData
{
    private const string Consonants = "bdfgklmnprstvz";
    private const string Vowels = "aeiou";
    private const int CodenameCount = 14 * 5 * 14 * 5 * 14 * 5;
    private static readonly string[] Types = ["person", "project", "company", "place", "event"];
    private static readonly string[] Teams = ["design", "research", "platform", "sales", "support", "finance", "legal", "security", "logistics", "marketing"];
    private static readonly string[] Cities = ["Lisbon", "Osaka", "Nairobi", "Oslo", "Quito", "Hanoi", "Dublin", "Perth", "Tallinn", "Accra", "Lyon", "Busan"];

    private readonly int[] _group;
    private readonly List<(int Start, int Count)> _groups = [];

    /// <param name="count">How many entities there can be (the largest size plus everything a run creates).</param>
    /// <param name="seed">The seed of the group sizes.</param>
    public GraphData(int count, int seed = 20261204)
    {
        var random = new Random(seed);
        _group = new int[count];
        for (var start = 0; start < count;)
        {
            var size = Math.Min(random.Next(3, 9), count - start);
            _groups.Add((start, size));
            Array.Fill(_group, _groups.Count - 1, start, size);
            start += size;
        }

        if (_groups.Count > CodenameCount)
        {
            throw new ArgumentOutOfRangeException(nameof(count), $"{count:N0} entities need more codenames than the {CodenameCount:N0} there are");
        }

        CheckNoFixedTextHoldsACodename();
    }

    public int Count => _group.Length;

    /// <summary>Entity <paramref name="i"/> as server-memory's tool arguments take it.</summary>
    public Dictionary<string, object?> Entity(int i) => new()
    {
        ["name"] = Name(i),
        ["entityType"] = Types[i % Types.Length],
        ["observations"] = Observations(i),
    };

    /// <summary>Entities <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/> - 1.</summary>
    public List<Dictionary<string, object?>> Batch(int start, int count) => [.. Enumerable.Range(start, count).Select(Entity)];

    /// <summary>
    /// <paramref name="count"/> codenames of groups wholly inside the first <paramref name="size"/> entities, each
    /// with the number of entities it matches, drawn with a seeded RNG.
    /// </summary>
    public List<(string Query, int Matches)> Queries(int size, int count, int seed = 7)
    {
        var random = new Random(seed);
        var complete = _groups.Where(g => g.Start + g.Count <= size).ToList();
        return [.. Enumerable.Range(0, count).Select(_ => complete[random.Next(complete.Count)]).Select(g => (Codename(_group[g.Start]), g.Count))];
    }

    /// <summary>Writes the first <paramref name="size"/> entities as server-memory's file (JSON lines, no trailing newline, as it saves).</summary>
    public async Task WriteServerMemoryFileAsync(string path, int size)
    {
        await using var writer = new StreamWriter(path);
        for (var i = 0; i < size; i++)
        {
            var entity = Entity(i);
            var line = JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["type"] = "entity",
                ["name"] = entity["name"],
                ["entityType"] = entity["entityType"],
                ["observations"] = entity["observations"],
            });
            await writer.WriteAsync(i == 0 ? line : "\n" + line);
        }
    }

    private static string Name(int i) => string.Create(CultureInfo.InvariantCulture, $"{CultureInfo.InvariantCulture.TextInfo.ToTitleCase(Types[i % Types.Length])} {i:D6}");

    /// <summary>Group <paramref name="group"/>'s codename: a bijection onto consonant-vowel triples, scrambled by a prime.</summary>
    private static string Codename(int group)
    {
        var n = (int)((long)group * 7919 % CodenameCount);
        Span<char> letters = stackalloc char[6];
        for (var k = 0; k < 3; k++)
        {
            letters[2 * k] = Consonants[n % Consonants.Length];
            n /= Consonants.Length;
            letters[(2 * k) + 1] = Vowels[n % Vowels.Length];
            n /= Vowels.Length;
        }

        letters[0] = char.ToUpperInvariant(letters[0]);
        return new string(letters);
    }

    private static bool IsCodenameShaped(ReadOnlySpan<char> window)
    {
        for (var k = 0; k < 6; k++)
        {
            if (!(k % 2 == 0 ? Consonants : Vowels).Contains(char.ToLowerInvariant(window[k]), StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static void CheckNoFixedTextHoldsACodename()
    {
        var fixedText = string.Join(' ', [.. Types, .. Teams, .. Cities, Observations(0, "Xxxxxx")[0], Observations(0, "Xxxxxx")[1]]);
        for (var k = 0; k + 6 <= fixedText.Length; k++)
        {
            if (IsCodenameShaped(fixedText.AsSpan(k, 6)))
            {
                throw new InvalidOperationException($"the fixed text '{fixedText.Substring(k, 6)}' could be a codename; change the word lists of GraphData");
            }
        }
    }

    private string[] Observations(int i) => Observations(i, Codename(_group[i]));

    private static string[] Observations(int i, string codename) =>
    [
        $"Works on the {codename} initiative with the {Teams[i % Teams.Length]} team.",
        string.Create(CultureInfo.InvariantCulture, $"Based in {Cities[(i / Teams.Length) % Cities.Length]} since {1990 + (i % 35)}."),
    ];
}
