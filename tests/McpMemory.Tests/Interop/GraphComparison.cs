using System.Text.Json;

namespace McpMemory.Tests.Interop;

/// <summary>
/// Compares ours with server-memory call by call. Results agree as multisets (server-memory's order is its file's
/// order, which carries no meaning); a difference only in order is a note. search_nodes may find more in ours: every
/// entity theirs finds must be in ours, equal, and marked <c>match</c> "text" or "text+meaning"; every extra entity of ours
/// must be marked "meaning", and every extra relation must touch one of those extras.
/// </summary>
public static class GraphComparison
{
    public static GraphVerdict Compare(GraphCall call, GraphReply ours, GraphReply theirs)
    {
        if (call.Outcome == GraphOutcome.KnownDifference)
        {
            var same = Compare(call with { Outcome = GraphOutcome.Same }, ours, theirs);
            return same.Agrees
                ? new GraphVerdict(call, [$"a known difference, but ours now agrees with theirs: move the call to server-memory-script.json. Ours: {ours}"], same.Notes)
                : new GraphVerdict(call, [], [.. same.Problems.Select(p => $"differs as known: {p}"), .. same.Notes]);
        }

        var problems = new List<string>();
        var notes = new List<string>();
        switch (call.Outcome)
        {
            case GraphOutcome.Error:
                if (!ours.IsError || !theirs.IsError)
                {
                    problems.Add($"both should fail; ours: {ours}; theirs: {theirs}");
                }
                else
                {
                    notes.Add($"both fail as they should; ours says \"{ours.ErrorText}\", theirs \"{theirs.ErrorText}\"");
                }

                return new GraphVerdict(call, problems, notes);
            case GraphOutcome.OursRejects:
                if (!ours.IsError || theirs.IsError)
                {
                    problems.Add($"ours should fail and theirs succeed (a deliberate difference); ours: {ours}; theirs: {theirs}");
                }
                else
                {
                    notes.Add($"ours rejects as designed: \"{ours.ErrorText}\"");
                }

                return new GraphVerdict(call, problems, notes);
        }

        if (ours.IsError || theirs.IsError || ours.Content is not { } oursContent || theirs.Content is not { } theirsContent)
        {
            problems.Add($"both should succeed; ours: {ours}; theirs: {theirs}");
            return new GraphVerdict(call, problems, notes);
        }

        if (ours.Omitted > 0)
        {
            problems.Add($"ours left out {ours.Omitted} items with no cursor to fetch them");
        }

        var o = GraphShape.Parse(call.Tool, oursContent);
        var t = GraphShape.Parse(call.Tool, theirsContent);
        problems.AddRange(o.Problems.Select(p => $"ours: {p}"));
        problems.AddRange(t.Problems.Select(p => $"theirs: {p}"));
        if (problems.Count > 0)
        {
            return new GraphVerdict(call, problems, notes);
        }

        if (call.Tool == "search_nodes")
        {
            CompareSearch(o, t, problems, notes);
        }
        else
        {
            CompareLists("entities", o.Sorted().Entities, t.Sorted().Entities, problems);
            CompareLists("relations", o.Sorted().Relations, t.Sorted().Relations, problems);
            CompareLists("results", o.Sorted().Results, t.Sorted().Results, problems);
            if (o.Success != t.Success)
            {
                problems.Add($"success: ours {o.Success}, theirs {t.Success}");
            }

            if (problems.Count == 0)
            {
                NoteOrder(o, t, notes);
            }
        }

        if (o.Message != t.Message)
        {
            notes.Add($"message: ours \"{o.Message}\", theirs \"{t.Message}\"");
        }

        if (ours.Pages > 1)
        {
            notes.Add($"ours answered in {ours.Pages} pages");
        }

        return new GraphVerdict(call, problems, notes);
    }

    /// <summary>Checks server-memory's reply against the result the script records for it, in order.</summary>
    public static IReadOnlyList<string> CheckTheirs(GraphCall call, GraphReply theirs)
    {
        var problems = new List<string>();
        var failed = theirs.IsError;
        if (failed != (call.Outcome == GraphOutcome.Error))
        {
            problems.Add(failed ? $"server-memory failed: {theirs.ErrorText}" : $"server-memory should have failed but returned {theirs}");
        }

        if (call.Theirs is not { } expected || failed)
        {
            return problems;
        }

        var t = GraphShape.Parse(call.Tool, theirs.Content!.Value);
        var e = GraphShape.Parse(call.Tool, expected);
        if (t.Problems.Count > 0 || e.Problems.Count > 0 || !Same(t, e))
        {
            problems.Add($"server-memory returned {theirs}, the script records {JsonSerializer.Serialize(expected, GraphScript.Readable)}");
        }

        return problems;
    }

    private static bool Same(GraphShape a, GraphShape b) =>
        Equal(a.Entities, b.Entities) && Equal(a.Relations, b.Relations) && Equal(a.Results, b.Results) && a.Success == b.Success && a.Message == b.Message;

    private static bool Equal(IReadOnlyList<string>? a, IReadOnlyList<string>? b) => (a ?? []).SequenceEqual(b ?? [], StringComparer.Ordinal);

    private static void CompareLists(string name, IReadOnlyList<string>? ours, IReadOnlyList<string>? theirs, List<string> problems)
    {
        var onlyOurs = Minus(ours ?? [], theirs ?? []);
        var onlyTheirs = Minus(theirs ?? [], ours ?? []);
        if (onlyOurs.Count > 0 || onlyTheirs.Count > 0)
        {
            problems.Add($"{name} differ; only in ours: [{string.Join(", ", onlyOurs)}]; only in theirs: [{string.Join(", ", onlyTheirs)}]");
        }
    }

    private static void CompareSearch(GraphShape ours, GraphShape theirs, List<string> problems, List<string> notes)
    {
        var o = ours.Sorted();
        var t = theirs.Sorted();
        var missing = Minus(t.Entities!, o.Entities!);
        if (missing.Count > 0)
        {
            problems.Add($"entities theirs finds that ours does not (or not with equal content): [{string.Join(", ", missing)}]");
        }

        var extra = Minus(o.Entities!, t.Entities!);
        var extraNames = extra.Select(GraphShape.NameOf).ToHashSet(StringComparer.Ordinal);
        if (extra.Count > 0)
        {
            notes.Add($"ours also finds by meaning: {string.Join(", ", extraNames)}");
        }

        foreach (var entity in extra)
        {
            var name = GraphShape.NameOf(entity);
            if (ours.Match.GetValueOrDefault(name) != "meaning")
            {
                problems.Add($"extra entity in ours not marked match=\"meaning\" (match={Quote(ours.Match.GetValueOrDefault(name))}): {entity}");
            }
        }

        foreach (var entity in t.Entities!.Except(missing))
        {
            var name = GraphShape.NameOf(entity);
            if (ours.Match.GetValueOrDefault(name) is not ("text" or "text+meaning"))
            {
                problems.Add($"text match {name} should be marked match=\"text\" or \"text+meaning\" in ours, is {Quote(ours.Match.GetValueOrDefault(name))}");
            }
        }

        var missingRelations = Minus(t.Relations!, o.Relations!);
        if (missingRelations.Count > 0)
        {
            problems.Add($"relations theirs returns that ours does not: [{string.Join(", ", missingRelations)}]");
        }

        foreach (var relation in Minus(o.Relations!, t.Relations!))
        {
            var (from, to) = GraphShape.EndsOf(relation);
            if (!extraNames.Contains(from) && !extraNames.Contains(to))
            {
                problems.Add($"extra relation in ours touches none of its extra (meaning) entities: {relation}");
            }
        }
    }

    private static void NoteOrder(GraphShape ours, GraphShape theirs, List<string> notes)
    {
        if (!Equal(ours.Entities, theirs.Entities))
        {
            notes.Add($"same entities in another order (or observations within them); ours: {string.Join(" | ", (ours.Entities ?? []).Select(GraphShape.NameOf))}; theirs: {string.Join(" | ", (theirs.Entities ?? []).Select(GraphShape.NameOf))}");
        }

        if (!Equal(ours.Relations, theirs.Relations))
        {
            notes.Add("same relations in another order");
        }

        if (!Equal(ours.Results, theirs.Results))
        {
            notes.Add("same results in another order (or observations within them)");
        }
    }

    /// <summary>Multiset difference: the items of <paramref name="a"/> left after taking out one for each in <paramref name="b"/>.</summary>
    private static List<string> Minus(IEnumerable<string> a, IEnumerable<string> b)
    {
        var counts = b.GroupBy(x => x, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var left = new List<string>();
        foreach (var item in a)
        {
            if (counts.TryGetValue(item, out var n) && n > 0)
            {
                counts[item] = n - 1;
            }
            else
            {
                left.Add(item);
            }
        }

        return left;
    }

    private static string Quote(string? value) => value is null ? "absent" : $"\"{value}\"";
}
