namespace McpMemory.Core.Semantic;

public sealed partial class KnowledgeGraph
{
    private IEnumerable<GraphFact> FactsOf(string entity) =>
        _factsByEntity.TryGetValue(entity, out var ids) ? ids.Select(id => _facts[id]) : [];

    private GraphPlan PlanDefinePredicate(GraphRequest request)
    {
        var input = request.Predicate ?? throw Invalid("'name' is missing: give the predicate to declare, such as 'lives_in'.");
        var name = CheckPredicateName(input.Name, "name");
        var kind = input.ObjectKind?.Trim().ToLowerInvariant();
        if (kind is not (GraphPredicate.EntityObject or GraphPredicate.ValueObject))
        {
            throw Invalid($"'object_kind' value '{input.ObjectKind}' is unknown: use 'entity' (the object is another entity) or 'value' (a literal such as a date, number or text).");
        }

        var predicate = input with { Name = name, ObjectKind = kind };
        if (_predicates.TryGetValue(name, out var existing) && existing.ObjectKind != kind && _facts.Values.Any(f => f.Predicate == name))
        {
            throw Invalid($"Predicate '{name}' already has facts with object kind '{existing.ObjectKind}'; its object kind cannot change to '{kind}'. Declare a new predicate instead.");
        }

        string? note = null;
        if (existing is { SingleValued: false } && predicate.SingleValued)
        {
            CheckOneValueAtATime(predicate);
        }
        else if (existing is { SingleValued: true } && !predicate.SingleValued)
        {
            note = $"'{name}' is no longer single-valued: from now on a new fact on it does not supersede overlapping ones, so a subject may hold several at once. Facts that were already closed or superseded stay as they are.";
        }

        var unchanged = existing is not null && existing == predicate;
        return new GraphPlan(
            new GraphResponse { Predicates = [predicate], Note = note },
            unchanged ? [] : [new GraphChange { Op = GraphChange.PutPredicate, Predicate = predicate }]);
    }

    /// <summary>
    /// Refuses to make <paramref name="predicate"/> single-valued while some subject holds current facts of it that
    /// overlap with different objects, naming the first such subject and its facts.
    /// </summary>
    private void CheckOneValueAtATime(GraphPredicate predicate)
    {
        var clashes = _facts.Values
            .Where(f => f.Predicate == predicate.Name && f.InvalidatedAt is null)
            .GroupBy(f => f.Subject, StringComparer.Ordinal)
            .Select(g => (Subject: g.Key, Pair: FirstClash([.. g.OrderBy(f => f.ValidFrom ?? DateTimeOffset.MinValue).ThenBy(f => f.Id, StringComparer.Ordinal)])))
            .Where(c => c.Pair is not null)
            .OrderBy(c => c.Subject, StringComparer.Ordinal)
            .ToList();
        if (clashes.Count == 0)
        {
            return;
        }

        var (subject, pair) = clashes[0];
        var (earlier, later) = pair!.Value;
        var others = clashes.Count == 1 ? "" : $" ({clashes.Count - 1} more subject{(clashes.Count == 2 ? "" : "s")} too: {string.Join(", ", clashes.Skip(1).Take(5).Select(c => $"'{c.Subject}'"))}{(clashes.Count > 6 ? ", ..." : "")})";
        var example = later.ValidFrom is { } laterFrom && (earlier.ValidFrom is null || earlier.ValidFrom < laterFrom)
            ? $" For example fact_supersede fact_id '{earlier.Id}' with {(predicate.ObjectKind == GraphPredicate.EntityObject ? "object" : "value")} '{later.Target}' and valid_from {laterFrom:O} closes it where '{later.Id}' begins and keeps it in history."
            : "";
        throw Invalid($"Predicate '{predicate.Name}' cannot become single-valued: subject '{subject}' has current facts of it that overlap with different {(predicate.ObjectKind == GraphPredicate.EntityObject ? "objects" : "values")}, {DescribeFact(earlier)} and {DescribeFact(later)}{others}. "
            + $"Supersede or close one of them first so that no two overlap, then declare the predicate again.{example}");
    }

    /// <summary>The first two facts of <paramref name="facts"/> (ordered by valid_from) that overlap with different objects or values.</summary>
    private static (GraphFact Earlier, GraphFact Later)? FirstClash(List<GraphFact> facts)
    {
        for (var i = 0; i < facts.Count; i++)
        {
            for (var j = i + 1; j < facts.Count; j++)
            {
                if (SaysOtherwise(facts[i], facts[j]) && facts[i].Overlaps(facts[j].ValidFrom, facts[j].ValidTo))
                {
                    return (facts[i], facts[j]);
                }
            }
        }

        return null;
    }

    /// <summary>True when two versions name different objects or values (so on a single-valued predicate they cannot overlap).</summary>
    private static bool SaysOtherwise(GraphFact a, GraphFact b) => a.Object != b.Object || a.Value != b.Value;

    /// <summary>A fact for messages: its id, object or value, and period.</summary>
    private static string DescribeFact(GraphFact fact) =>
        $"'{fact.Id}' ({fact.Target}, valid from {(fact.ValidFrom is { } from ? $"{from:O}" : "always")} to {(fact.ValidTo is { } to ? $"{to:O}" : "no end")})";

    private static string CheckPredicateName(string? name, string field)
    {
        EntityNames.Check(name, field);
        return EntityNames.Normalize(name!).Replace(' ', '_');
    }

    private GraphPredicate DeclaredPredicate(string? name, string field)
    {
        var key = CheckPredicateName(name, field);
        return _predicates.TryGetValue(key, out var predicate)
            ? predicate
            : throw Invalid($"'{field}' value '{name}' is not a declared predicate in namespace '{Namespace}'. Declare it first with predicate_define (name '{key}', single_valued true or false, object_kind 'entity' or 'value'). Declared: {(_predicates.Count == 0 ? "none" : string.Join(", ", _predicates.Keys.Order(StringComparer.Ordinal)))}.");
    }

    /// <summary>Checks a new fact against its predicate and the graph, and returns it with exact names and defaults.</summary>
    private GraphFact CheckFact(GraphFact? input, DateTimeOffset now, GraphPredicate? samePredicate = null, string? sameSubject = null)
    {
        if (input is null)
        {
            throw Invalid("'fact' is missing: give subject, predicate and object or value.");
        }

        var subject = sameSubject ?? Resolve(input.Subject, "subject").Name;
        var predicate = samePredicate ?? DeclaredPredicate(input.Predicate, "predicate");
        string? target = null;
        string? value = null;
        if (predicate.ObjectKind == GraphPredicate.EntityObject)
        {
            if (input.Value is not null)
            {
                throw Invalid($"Predicate '{predicate.Name}' takes an entity as its object: give 'object' (an entity name), not 'value'.");
            }

            target = Resolve(input.Object, "object").Name;
        }
        else
        {
            if (input.Object is not null)
            {
                throw Invalid($"Predicate '{predicate.Name}' takes a literal value: give 'value', not 'object'.");
            }

            if (string.IsNullOrWhiteSpace(input.Value))
            {
                throw Invalid($"'value' is empty: predicate '{predicate.Name}' needs a value.");
            }

            value = input.Value;
        }

        var from = input.ValidFrom ?? now;
        if (input.ValidTo is { } to && to <= from)
        {
            throw Invalid($"'valid_to' ({to:O}) is not after 'valid_from' ({from:O}): a fact must hold for some time.");
        }

        return new GraphFact
        {
            Id = NewId("fact", now),
            Subject = subject,
            Predicate = predicate.Name,
            Object = target,
            Value = value,
            ValidFrom = from,
            ValidTo = input.ValidTo,
            RecordedAt = now,
            Source = input.Source,
        };
    }

    private GraphPlan PlanAddFact(GraphRequest request, DateTimeOffset now)
    {
        var fact = CheckFact(request.Fact, now);
        return PlanRecordFact(fact, _predicates[fact.Predicate], now, []);
    }

    /// <summary>
    /// Records <paramref name="fact"/>. On a single-valued predicate a fact without an end that starts before another
    /// current version of the subject ends where the first of those begins: it claims only the time up to the next
    /// known fact, and the answer's note says so. A current version that already says the same over its whole period
    /// makes this a no-op. On a single-valued predicate every current version with another object that overlaps it is
    /// superseded: that version is invalidated (kept in history) and the parts of its period outside the new fact are
    /// recorded again as new versions.
    /// </summary>
    private GraphPlan PlanRecordFact(GraphFact fact, GraphPredicate predicate, DateTimeOffset now, List<GraphChange> changes)
    {
        var current = FactsOf(fact.Subject)
            .Where(f => f.Predicate == fact.Predicate && f.Subject == fact.Subject && f.InvalidatedAt is null && changes.All(c => c.Fact?.Id != f.Id))
            .ToList();
        string? note = null;
        if (predicate.SingleValued && fact.ValidTo is null && fact.ValidFrom is { } start
            && current.Where(f => f.ValidFrom > start).MinBy(f => f.ValidFrom) is { } next)
        {
            fact = fact with { ValidTo = next.ValidFrom };
            note = $"valid_to was set to {next.ValidFrom:O}: '{predicate.Name}' is single-valued and fact '{next.Id}' ({next.Target}) holds from then, so this fact ends where that one begins. "
                + "To say this fact holds longer, record it again with an explicit valid_to (it then supersedes the overlapping part of the later fact), or supersede the later fact with fact_supersede.";
        }

        var same = current.FirstOrDefault(f => f.Object == fact.Object && f.Value == fact.Value
            && (f.ValidFrom is null || (fact.ValidFrom is not null && f.ValidFrom <= fact.ValidFrom))
            && (f.ValidTo is null || (fact.ValidTo is not null && f.ValidTo >= fact.ValidTo)));
        if (same is not null && changes.Count == 0)
        {
            return new GraphPlan(new GraphResponse { Facts = [same], Superseded = [] }, []);
        }

        var superseded = new List<GraphFact>();
        if (predicate.SingleValued)
        {
            foreach (var old in current.Where(f => (f.Object != fact.Object || f.Value != fact.Value) && f.Overlaps(fact.ValidFrom, fact.ValidTo)))
            {
                var invalidated = old with { InvalidatedAt = now, SupersededBy = fact.Id };
                changes.Add(new GraphChange { Op = GraphChange.PutFact, Fact = invalidated });
                superseded.Add(invalidated);
                if (old.ValidFrom is null || (fact.ValidFrom is { } newFrom && old.ValidFrom < newFrom))
                {
                    var before = old with { Id = NewId("fact", now), ValidTo = fact.ValidFrom, RecordedAt = now, Replaces = old.Id, SupersededBy = fact.Id };
                    changes.Add(new GraphChange { Op = GraphChange.PutFact, Fact = before });
                    superseded.Add(before);
                }

                if (fact.ValidTo is { } newTo && (old.ValidTo is null || old.ValidTo > newTo))
                {
                    var after = old with { Id = NewId("fact", now), ValidFrom = newTo, RecordedAt = now, Replaces = old.Id, SupersededBy = null };
                    changes.Add(new GraphChange { Op = GraphChange.PutFact, Fact = after });
                    superseded.Add(after);
                }
            }
        }

        changes.Add(new GraphChange { Op = GraphChange.PutFact, Fact = fact });
        return new GraphPlan(new GraphResponse { Facts = [fact], Superseded = superseded, Note = note }, changes);
    }

    private GraphPlan PlanSupersedeFact(GraphRequest request, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(request.FactId))
        {
            throw Invalid("'fact_id' is missing: give the id of the fact to supersede (from fact_query or fact_history).");
        }

        if (!_facts.TryGetValue(request.FactId, out var old))
        {
            throw new McpMemoryException(McpMemoryErrorCodes.NotFound, $"'fact_id' value '{request.FactId}' is not a fact in namespace '{Namespace}'.");
        }

        if (old.InvalidatedAt is not null)
        {
            throw Invalid($"Fact '{old.Id}' was already invalidated at {old.InvalidatedAt:O}" + (old.SupersededBy is null ? "." : $" (by '{old.SupersededBy}'): supersede the current version instead."));
        }

        var predicate = _predicates[old.Predicate];
        var input = request.Fact ?? throw Invalid("Give the new 'object' or 'value' that replaces the fact.");
        var fact = CheckFact(input with { Subject = old.Subject, Predicate = old.Predicate }, now, predicate, old.Subject);
        if (old.ValidFrom is { } oldFrom && fact.ValidFrom <= oldFrom)
        {
            throw Invalid($"'valid_from' ({fact.ValidFrom:O}) must be after the superseded fact's own valid_from ({oldFrom:O}). To correct a fact from its start, add the right one with fact_add on a single-valued predicate.");
        }

        var changes = new List<GraphChange>();
        var invalidated = old with { InvalidatedAt = now, SupersededBy = fact.Id };
        var closed = old with { Id = NewId("fact", now), ValidTo = fact.ValidFrom, RecordedAt = now, Replaces = old.Id, SupersededBy = fact.Id };
        changes.Add(new GraphChange { Op = GraphChange.PutFact, Fact = invalidated });
        changes.Add(new GraphChange { Op = GraphChange.PutFact, Fact = closed });
        var plan = PlanRecordFact(fact, predicate, now, changes);
        return plan with { Response = plan.Response with { Superseded = [invalidated, closed, .. plan.Response.Superseded ?? []] } };
    }

    private GraphResponse FactHistory(GraphRequest request)
    {
        EntityNames.Check(request.Entity, "subject");
        var subject = _entities.ContainsKey(request.Entity!) || _factsByEntity.ContainsKey(request.Entity!) ? request.Entity! : Resolve(request.Entity, "subject").Name;
        var predicate = request.Predicate?.Name is { } p ? CheckPredicateName(p, "predicate") : null;
        var facts = FactsOf(subject)
            .Where(f => f.Subject == subject && (predicate is null || f.Predicate == predicate))
            .OrderBy(f => f.RecordedAt).ThenBy(f => f.ValidFrom ?? DateTimeOffset.MinValue).ThenBy(f => f.Id, StringComparer.Ordinal)
            .ToList();
        return Page(facts, request);
    }

    private GraphResponse QueryFacts(GraphRequest request, DateTimeOffset now)
    {
        var validAt = request.ValidAt ?? now;
        var knownAt = request.KnownAt ?? now;
        var predicate = request.Predicate?.Name is { } p ? CheckPredicateName(p, "predicate") : null;
        IEnumerable<GraphFact> candidates;
        if (request.Entity is not null)
        {
            var subject = _entities.ContainsKey(request.Entity) || _factsByEntity.ContainsKey(request.Entity) ? request.Entity : Resolve(request.Entity, "subject").Name;
            candidates = FactsOf(subject).Where(f => f.Subject == subject);
        }
        else
        {
            candidates = _facts.Values;
        }

        string? target = null;
        if (request.Object is not null)
        {
            target = _entities.ContainsKey(request.Object) ? request.Object : _byKey.TryGetValue(EntityNames.Normalize(request.Object), out var set) && set.Count == 1 ? set.First() : request.Object;
        }

        var facts = candidates
            .Where(f => (predicate is null || f.Predicate == predicate)
                && (target is null || f.Object == target || string.Equals(f.Value, request.Object, StringComparison.Ordinal))
                && f.KnownAt(knownAt) && f.ValidAt(validAt))
            .OrderBy(f => f.Subject, StringComparer.Ordinal).ThenBy(f => f.Predicate, StringComparer.Ordinal).ThenBy(f => f.ValidFrom ?? DateTimeOffset.MinValue)
            .ToList();
        return Page(facts, request);
    }

    private static GraphResponse Page(List<GraphFact> facts, GraphRequest request) =>
        new() { Facts = facts.Skip(Math.Max(0, request.Offset)).Take(Math.Max(1, request.Limit)).ToList(), Total = facts.Count };
}
