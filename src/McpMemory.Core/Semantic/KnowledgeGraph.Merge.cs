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
        foreach (var fact in FactsOf(source.Name).ToList())
        {
            changes.Add(new GraphChange
            {
                Op = GraphChange.PutFact,
                Fact = fact with { Subject = fact.Subject == source.Name ? target.Name : fact.Subject, Object = fact.Object == source.Name ? target.Name : fact.Object },
            });
            movedFacts.Add(new MovedFact(fact.Id, fact.Subject == source.Name, fact.Object == source.Name));
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
            MergedAt = now,
        };
        changes.Add(new GraphChange { Op = GraphChange.PutMerge, Merge = record });
        return new GraphPlan(new GraphResponse { Entities = [merged], Merge = record }, changes);
    }

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

        foreach (var moved in merge.MovedFacts)
        {
            if (_facts.TryGetValue(moved.Id, out var fact))
            {
                changes.Add(new GraphChange
                {
                    Op = GraphChange.PutFact,
                    Fact = fact with
                    {
                        Subject = moved.Subject && fact.Subject == merge.Target ? merge.Source.Name : fact.Subject,
                        Object = moved.Object && fact.Object == merge.Target ? merge.Source.Name : fact.Object,
                    },
                });
            }
        }

        changes.Add(new GraphChange { Op = GraphChange.PutMerge, Merge = merge with { UndoneAt = now } });
        return new GraphPlan(new GraphResponse { Entities = [merge.Source], Merge = merge with { UndoneAt = now } }, changes);
    }
}
