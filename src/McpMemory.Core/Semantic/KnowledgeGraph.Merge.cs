namespace McpMemory.Core.Semantic;

public sealed partial class KnowledgeGraph
{
    /// <summary>
    /// Merges the source entity into the target: the target gains the source's name as an alias, its aliases and
    /// observations; the source's relations and facts move to the target; the source is removed. The merge record
    /// keeps everything needed to undo it.
    /// </summary>
    private GraphPlan PlanMerge(GraphRequest request, DateTimeOffset now)
    {
        var source = Resolve(request.Entity, "source");
        var target = Resolve(request.Target, "target");
        if (source.Name == target.Name)
        {
            throw Invalid($"'source' and 'target' are both '{source.Name}': give two different entities.");
        }

        var addedAliases = source.Aliases.Prepend(source.Name).Where(a => a != target.Name && !target.Aliases.Contains(a, StringComparer.Ordinal)).Distinct(StringComparer.Ordinal).ToList();
        var addedObservations = source.Observations.Where(o => !target.Observations.Contains(o, StringComparer.Ordinal)).ToList();
        var changes = new List<GraphChange>();
        var merged = target with
        {
            Aliases = [.. target.Aliases, .. addedAliases],
            Observations = [.. target.Observations, .. addedObservations],
            UpdatedAt = now,
        };

        var removed = _graph.OutEdges(source.Name).Concat(_graph.InEdges(source.Name)).Select(e => e.Tag).DistinctBy(r => r.Seq).ToList();
        var added = new List<GraphRelation>();
        var keys = new HashSet<(string, string, string)>();
        var seq = _nextRelationSeq;
        foreach (var relation in removed)
        {
            changes.Add(new GraphChange { Op = GraphChange.RemoveRelation, Relation = relation });
        }

        foreach (var relation in removed)
        {
            var from = relation.From == source.Name ? target.Name : relation.From;
            var to = relation.To == source.Name ? target.Name : relation.To;
            var moved = relation with { From = from, To = to, Seq = seq, CreatedAt = now };
            if (from == to || _relations.ContainsKey(Key(moved)) || !keys.Add(Key(moved)))
            {
                continue;
            }

            seq++;
            added.Add(moved);
            changes.Add(new GraphChange { Op = GraphChange.PutRelation, Relation = moved });
        }

        var movedFacts = new List<MovedFact>();
        var movedVersions = new Dictionary<string, GraphFact>(StringComparer.Ordinal);
        foreach (var fact in FactsOf(source.Name).ToList())
        {
            movedVersions[fact.Id] = fact with { Subject = fact.Subject == source.Name ? target.Name : fact.Subject, Object = fact.Object == source.Name ? target.Name : fact.Object };
            movedFacts.Add(new MovedFact(fact.Id, fact.Subject == source.Name, fact.Object == source.Name));
        }

        var (closed, invalidated, recorded) = ReconcileMergedFacts(target.Name, movedVersions, [.. movedFacts.Where(m => m.Subject).Select(m => m.Id)], now);
        foreach (var fact in movedVersions.Values)
        {
            changes.Add(new GraphChange { Op = GraphChange.PutFact, Fact = invalidated.GetValueOrDefault(fact.Id, fact) });
        }

        foreach (var fact in invalidated.Values.Where(f => !movedVersions.ContainsKey(f.Id)).Concat(recorded))
        {
            changes.Add(new GraphChange { Op = GraphChange.PutFact, Fact = fact });
        }

        changes.Add(new GraphChange { Op = GraphChange.RemoveEntity, Name = source.Name });
        changes.Add(new GraphChange { Op = GraphChange.PutEntity, Entity = merged });
        var record = new GraphMerge
        {
            Id = NewId("merge", now),
            Source = source,
            Target = target.Name,
            AddedAliases = addedAliases,
            AddedObservations = addedObservations,
            RemovedRelations = removed,
            AddedRelations = added,
            MovedFacts = movedFacts,
            ClosedFacts = closed,
            RecordedFacts = recorded,
            MergedAt = now,
        };
        changes.Add(new GraphChange { Op = GraphChange.PutMerge, Merge = record });
        var note = closed.Count == 0 ? null
            : $"Once on '{target.Name}', {closed.Count} current fact{(closed.Count == 1 ? "" : "s")} of single-valued predicates ({string.Join(", ", closed.Select(f => f.Predicate).Distinct(StringComparer.Ordinal).Select(p => $"'{p}'"))}) overlapped another with a different object: "
                + "the later valid_from wins from its start and the earlier fact is closed there (invalidated and kept in history; merge.closed_facts, merge.recorded_facts). entity_unmerge puts them back.";
        return new GraphPlan(new GraphResponse { Entities = [merged], Merge = record, Note = note }, changes);
    }

    /// <summary>
    /// After a merge moves the source's facts onto <paramref name="target"/>, keeps single-valued predicates to one
    /// object at a time by the rule of fact_add: on each such predicate where a moved fact now sits beside other
    /// current facts of the target, the facts are taken in order of valid_from and each one supersedes the overlapping
    /// parts of those before it (a tie goes to the later recorded, then to the target's own fact). Every fact that loses
    /// time is invalidated (kept in history) and the parts of its period that no later fact claims are recorded again.
    /// </summary>
    /// <returns>The facts closed as they were before the merge, their invalidated versions by id, and the versions recorded in their place.</returns>
    private (List<GraphFact> Closed, Dictionary<string, GraphFact> Invalidated, List<GraphFact> Recorded) ReconcileMergedFacts(
        string target, Dictionary<string, GraphFact> moved, HashSet<string> fromSource, DateTimeOffset now)
    {
        var closed = new List<GraphFact>();
        var invalidated = new Dictionary<string, GraphFact>(StringComparer.Ordinal);
        var recorded = new List<GraphFact>();
        var current = FactsOf(target).Where(f => !moved.ContainsKey(f.Id)).Concat(moved.Values)
            .Where(f => f.Subject == target && f.InvalidatedAt is null && _predicates.TryGetValue(f.Predicate, out var p) && p.SingleValued);
        foreach (var group in current.GroupBy(f => f.Predicate, StringComparer.Ordinal).Where(g => g.Any(f => fromSource.Contains(f.Id))))
        {
            var segments = new List<FactSegment>();
            var cutBy = new Dictionary<string, string>(StringComparer.Ordinal);
            var ordered = group
                .OrderBy(f => f.ValidFrom ?? DateTimeOffset.MinValue)
                .ThenBy(f => f.RecordedAt)
                .ThenBy(f => fromSource.Contains(f.Id) ? 0 : 1)
                .ThenBy(f => f.Id, StringComparer.Ordinal);
            foreach (var fact in ordered)
            {
                var kept = new List<FactSegment>();
                foreach (var segment in segments)
                {
                    if (!SaysOtherwise(segment.Origin, fact) || !PeriodsOverlap(segment.From, segment.To, fact.ValidFrom, fact.ValidTo))
                    {
                        kept.Add(segment);
                        continue;
                    }

                    cutBy.TryAdd(segment.Origin.Id, fact.Id);
                    if (fact.ValidFrom is { } from && (segment.From is null || segment.From < from))
                    {
                        kept.Add(segment with { To = from, ClosedBy = fact.Id });
                    }

                    if (fact.ValidTo is { } to && (segment.To is null || segment.To > to))
                    {
                        kept.Add(segment with { From = to });
                    }
                }

                kept.Add(new FactSegment(fact, fact.ValidFrom, fact.ValidTo, fact.SupersededBy));
                segments = kept;
            }

            foreach (var (id, by) in cutBy)
            {
                var origin = group.First(f => f.Id == id);
                closed.Add(_facts[id]);
                invalidated[id] = origin with { InvalidatedAt = now, SupersededBy = by };
                recorded.AddRange(segments
                    .Where(s => s.Origin.Id == id)
                    .OrderBy(s => s.From ?? DateTimeOffset.MinValue)
                    .Select(s => origin with { Id = NewId("fact", now), ValidFrom = s.From, ValidTo = s.To, RecordedAt = now, Replaces = id, SupersededBy = s.ClosedBy }));
            }
        }

        return (closed, invalidated, recorded);
    }

    private static bool PeriodsOverlap(DateTimeOffset? from, DateTimeOffset? to, DateTimeOffset? otherFrom, DateTimeOffset? otherTo) =>
        (to is null || otherFrom is null || to > otherFrom) && (otherTo is null || from is null || from < otherTo);

    /// <summary>
    /// Undoes a merge: the source comes back as it was, with its relations and facts; the target loses what it gained
    /// (changes made to it since then are kept).
    /// </summary>
    private GraphPlan PlanUnmerge(GraphRequest request, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(request.MergeId) || !_merges.TryGetValue(request.MergeId, out var merge))
        {
            throw new McpMemoryException(McpMemoryErrorCodes.NotFound, $"'merge_id' value '{request.MergeId}' is not a merge in namespace '{Namespace}': use the id that entity_merge returned.");
        }

        if (merge.UndoneAt is not null)
        {
            throw Invalid($"Merge '{merge.Id}' was already undone at {merge.UndoneAt:O}.");
        }

        if (_entities.ContainsKey(merge.Source.Name))
        {
            throw Invalid($"An entity named '{merge.Source.Name}' exists again, so merge '{merge.Id}' cannot be undone. Rename or delete it first.");
        }

        var changes = new List<GraphChange>();
        if (_entities.TryGetValue(merge.Target, out var target))
        {
            changes.Add(new GraphChange
            {
                Op = GraphChange.PutEntity,
                Entity = target with
                {
                    Aliases = target.Aliases.Where(a => !merge.AddedAliases.Contains(a, StringComparer.Ordinal)).ToList(),
                    Observations = target.Observations.Where(o => !merge.AddedObservations.Contains(o, StringComparer.Ordinal)).ToList(),
                    UpdatedAt = now,
                },
            });
        }

        changes.Add(new GraphChange { Op = GraphChange.PutEntity, Entity = merge.Source with { UpdatedAt = now } });
        foreach (var relation in merge.AddedRelations)
        {
            if (_relations.TryGetValue(Key(relation), out var stored))
            {
                changes.Add(new GraphChange { Op = GraphChange.RemoveRelation, Relation = stored });
            }
        }

        foreach (var relation in merge.RemovedRelations)
        {
            if (_entities.ContainsKey(relation.From == merge.Source.Name ? relation.To : relation.From) || relation.From == relation.To)
            {
                changes.Add(new GraphChange { Op = GraphChange.PutRelation, Relation = relation });
            }
        }

        var restored = RestorableClosedFacts(merge);
        var movedById = merge.MovedFacts.ToDictionary(m => m.Id, StringComparer.Ordinal);
        foreach (var moved in merge.MovedFacts)
        {
            if (!restored.Contains(moved.Id) && _facts.TryGetValue(moved.Id, out var fact))
            {
                changes.Add(new GraphChange { Op = GraphChange.PutFact, Fact = MoveBack(fact, moved, merge) });
            }
        }

        foreach (var closed in merge.ClosedFacts.Where(f => restored.Contains(f.Id)))
        {
            changes.Add(new GraphChange { Op = GraphChange.PutFact, Fact = closed });
        }

        foreach (var piece in merge.RecordedFacts)
        {
            if (_facts.TryGetValue(piece.Id, out var fact))
            {
                var back = movedById.TryGetValue(piece.Replaces!, out var moved) ? MoveBack(fact, moved, merge) : fact;
                if (restored.Contains(piece.Replaces!))
                {
                    back = back with { InvalidatedAt = now };
                }

                if (back != fact)
                {
                    changes.Add(new GraphChange { Op = GraphChange.PutFact, Fact = back });
                }
            }
        }

        changes.Add(new GraphChange { Op = GraphChange.PutMerge, Merge = merge with { UndoneAt = now } });
        var kept = merge.ClosedFacts.Where(f => !restored.Contains(f.Id)).ToList();
        var note = kept.Count == 0 ? null
            : $"{kept.Count} fact{(kept.Count == 1 ? "" : "s")} that the merge closed stayed closed because facts recorded since then changed them or claim their time: {string.Join(", ", kept.Select(f => $"'{f.Id}'"))}. "
                + "See fact_history, and record them again with fact_add if they still hold.";
        return new GraphPlan(new GraphResponse { Entities = [merge.Source], Merge = merge with { UndoneAt = now }, Note = note }, changes);
    }

    private static GraphFact MoveBack(GraphFact fact, MovedFact moved, GraphMerge merge) => fact with
    {
        Subject = moved.Subject && fact.Subject == merge.Target ? merge.Source.Name : fact.Subject,
        Object = moved.Object && fact.Object == merge.Target ? merge.Source.Name : fact.Object,
    };

    /// <summary>
    /// The ids of the facts the merge closed that can come back exactly as they were: still as the merge left them,
    /// every version recorded in their place still current, and no other current fact of the target (one recorded since
    /// the merge) claiming their time with another object.
    /// </summary>
    private HashSet<string> RestorableClosedFacts(GraphMerge merge)
    {
        var pieces = merge.RecordedFacts.ToLookup(f => f.Replaces!, StringComparer.Ordinal);
        var fromMerge = merge.RecordedFacts.Select(f => f.Id).Concat(merge.MovedFacts.Where(m => m.Subject).Select(m => m.Id)).ToHashSet(StringComparer.Ordinal);
        var restored = new HashSet<string>(StringComparer.Ordinal);
        foreach (var closed in merge.ClosedFacts)
        {
            var unchanged = _facts.TryGetValue(closed.Id, out var stored) && stored.InvalidatedAt == merge.MergedAt
                && pieces[closed.Id].All(p => _facts.TryGetValue(p.Id, out var piece) && piece.InvalidatedAt is null);
            var claimed = closed.Subject == merge.Target && FactsOf(merge.Target).Any(f =>
                f.Subject == merge.Target && f.Predicate == closed.Predicate && f.InvalidatedAt is null
                && !fromMerge.Contains(f.Id) && SaysOtherwise(f, closed) && f.Overlaps(closed.ValidFrom, closed.ValidTo));
            if (unchanged && !claimed)
            {
                restored.Add(closed.Id);
            }
        }

        return restored;
    }
}
