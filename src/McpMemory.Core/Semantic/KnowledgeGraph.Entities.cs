namespace McpMemory.Core.Semantic;

public sealed partial class KnowledgeGraph
{
    /// <summary>The entity named exactly <paramref name="name"/>, if any.</summary>
    public GraphEntity? Find(string name) => _entities.GetValueOrDefault(name);

    /// <summary>
    /// The entity that <paramref name="name"/> means for the graph tools: the exact name first, else the single entity
    /// whose normalised name or alias is the same. Throws a clear error when there is none or more than one.
    /// </summary>
    public GraphEntity Resolve(string? name, string field)
    {
        EntityNames.Check(name, field);
        if (_entities.TryGetValue(name!, out var exact))
        {
            return exact;
        }

        if (_byKey.TryGetValue(EntityNames.Normalize(name!), out var names) && names.Count > 0)
        {
            if (names.Count == 1)
            {
                return _entities[names.First()];
            }

            throw Invalid($"'{field}' value '{name}' could mean any of {string.Join(", ", names.Order(StringComparer.Ordinal).Select(n => $"'{n}'"))}: give the exact name.");
        }

        throw new McpMemoryException(McpMemoryErrorCodes.NotFound, $"'{field}' value '{name}' is not an entity in namespace '{Namespace}'. Create it with create_entities, or find the right name with entity_search.");
    }

    private GraphPlan PlanCreateEntities(GraphRequest request, DateTimeOffset now)
    {
        var inputs = Required(request.Entities, "entities");
        var changes = new List<GraphChange>();
        var created = new List<GraphEntity>();
        var duplicates = new List<DuplicateName>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var batchKeys = new Dictionary<string, string>(StringComparer.Ordinal);
        var seq = _nextEntitySeq;
        for (var i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i];
            var entity = CheckEntity(input, $"entities[{i}]");
            if (_entities.ContainsKey(entity.Name) || !seen.Add(entity.Name))
            {
                continue;
            }

            foreach (var duplicate in LookAlikes(entity))
            {
                duplicates.Add(duplicate);
            }

            // Look-alikes within the same call: an earlier entity of the batch with the same normalised name or alias.
            var batchReported = new HashSet<string>(StringComparer.Ordinal);
            foreach (var name in entity.Aliases.Prepend(entity.Name))
            {
                if (batchKeys.TryGetValue(EntityNames.Normalize(name), out var earlier) && batchReported.Add(earlier))
                {
                    duplicates.Add(new DuplicateName(entity.Name, earlier, name == entity.Name && EntityNames.Normalize(earlier) == EntityNames.Normalize(name) ? "case_or_whitespace" : "alias"));
                }
            }

            foreach (var name in entity.Aliases.Prepend(entity.Name))
            {
                batchKeys.TryAdd(EntityNames.Normalize(name), entity.Name);
            }

            entity = entity with { Seq = seq++, CreatedAt = now, UpdatedAt = now };
            created.Add(entity);
            changes.Add(new GraphChange { Op = GraphChange.PutEntity, Entity = entity });
        }

        return new GraphPlan(new GraphResponse { Entities = created, PossibleDuplicates = duplicates }, changes);
    }

    private IEnumerable<DuplicateName> LookAlikes(GraphEntity entity)
    {
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in entity.Aliases.Prepend(entity.Name))
        {
            if (!_byKey.TryGetValue(EntityNames.Normalize(name), out var names))
            {
                continue;
            }

            foreach (var existing in names.Order(StringComparer.Ordinal))
            {
                if (existing == entity.Name || !reported.Add(existing))
                {
                    continue;
                }

                var matchesName = EntityNames.Normalize(existing) == EntityNames.Normalize(name);
                yield return new DuplicateName(entity.Name, existing, matchesName && name == entity.Name ? "case_or_whitespace" : "alias");
            }
        }
    }

    private static GraphEntity CheckEntity(GraphEntity? input, string field)
    {
        if (input is null)
        {
            throw Invalid($"'{field}' is null: give an object with name, entityType and observations.");
        }

        EntityNames.Check(input.Name, $"{field}.name");
        if (input.EntityType is null)
        {
            throw Invalid($"'{field}.entityType' is missing: say what kind of thing '{input.Name}' is (person, organization...).");
        }

        if (input.EntityType.Length > EntityNames.MaxNameLength)
        {
            throw Invalid($"'{field}.entityType' is longer than {EntityNames.MaxNameLength} characters.");
        }

        var observations = input.Observations ?? [];
        for (var j = 0; j < observations.Count; j++)
        {
            if (observations[j] is null)
            {
                throw Invalid($"'{field}.observations[{j}]' is null: observations are strings.");
            }
        }

        var aliases = new List<string>();
        var aliasList = input.Aliases ?? [];
        for (var j = 0; j < aliasList.Count; j++)
        {
            EntityNames.Check(aliasList[j], $"{field}.aliases[{j}]");
            if (aliasList[j] != input.Name && !aliases.Contains(aliasList[j], StringComparer.Ordinal))
            {
                aliases.Add(aliasList[j]);
            }
        }

        return new GraphEntity
        {
            Name = input.Name,
            EntityType = input.EntityType,
            // Kept as given, repeats included, as the official server keeps them on create (its memory file may hold them).
            Observations = [.. observations],
            Aliases = aliases,
        };
    }

    private GraphPlan PlanCreateRelations(GraphRequest request, DateTimeOffset now)
    {
        var inputs = Required(request.Relations, "relations");
        var changes = new List<GraphChange>();
        var created = new List<GraphRelation>();
        var seen = new HashSet<(string, string, string)>();
        var seq = _nextRelationSeq;
        for (var i = 0; i < inputs.Count; i++)
        {
            var relation = CheckRelation(inputs[i], $"relations[{i}]", requireEntities: true);
            if (_relations.ContainsKey(Key(relation)) || !seen.Add(Key(relation)))
            {
                continue;
            }

            relation = relation with { Seq = seq++, CreatedAt = now };
            created.Add(relation);
            changes.Add(new GraphChange { Op = GraphChange.PutRelation, Relation = relation });
        }

        return new GraphPlan(new GraphResponse { Relations = created }, changes);
    }

    private GraphRelation CheckRelation(GraphRelation? input, string field, bool requireEntities, ISet<string>? alsoKnown = null)
    {
        if (input is null)
        {
            throw Invalid($"'{field}' is null: give an object with from, to and relationType.");
        }

        EntityNames.Check(input.From, $"{field}.from");
        EntityNames.Check(input.To, $"{field}.to");
        EntityNames.Check(input.RelationType, $"{field}.relationType");
        if (requireEntities)
        {
            foreach (var (end, name) in new[] { ("from", input.From), ("to", input.To) })
            {
                if (!_entities.ContainsKey(name) && alsoKnown?.Contains(name) != true)
                {
                    throw new McpMemoryException(
                        McpMemoryErrorCodes.NotFound,
                        $"'{field}.{end}' is '{name}', which is not an entity in namespace '{Namespace}'. Create it first with create_entities (names are exact and case-sensitive). Nothing was written.");
                }
            }
        }

        return new GraphRelation { From = input.From, To = input.To, RelationType = input.RelationType };
    }

    private GraphPlan PlanAddObservations(GraphRequest request, DateTimeOffset now)
    {
        var inputs = Required(request.Observations, "observations");
        var working = new Dictionary<string, GraphEntity>(StringComparer.Ordinal);
        var results = new List<ObservationSet>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i] ?? throw Invalid($"'observations[{i}]' is null: give an object with entityName and contents.");
            EntityNames.Check(input.EntityName, $"observations[{i}].entityName");
            if (input.Contents is null)
            {
                throw Invalid($"'observations[{i}].contents' is missing: give the observation texts to add.");
            }

            if (!working.TryGetValue(input.EntityName, out var entity) && !_entities.TryGetValue(input.EntityName, out entity))
            {
                throw new McpMemoryException(McpMemoryErrorCodes.NotFound, $"Entity with name {input.EntityName} not found ('observations[{i}].entityName' in namespace '{Namespace}'; names are exact and case-sensitive). Nothing was written.");
            }

            var added = new List<string>();
            var observations = entity.Observations.ToList();
            for (var j = 0; j < input.Contents.Count; j++)
            {
                var content = input.Contents[j] ?? throw Invalid($"'observations[{i}].contents[{j}]' is null: observations are strings.");
                if (!observations.Contains(content, StringComparer.Ordinal))
                {
                    observations.Add(content);
                    added.Add(content);
                }
            }

            working[entity.Name] = entity with { Observations = observations, UpdatedAt = added.Count > 0 ? now : entity.UpdatedAt };
            results.Add(new ObservationSet(input.EntityName, added));
        }

        var changes = working.Values
            .Where(e => !ReferenceEquals(e, _entities[e.Name]) && e.Observations.Count != _entities[e.Name].Observations.Count)
            .Select(e => new GraphChange { Op = GraphChange.PutEntity, Entity = e })
            .ToList();
        return new GraphPlan(new GraphResponse { Added = results }, changes);
    }

    private GraphPlan PlanDeleteEntities(GraphRequest request, DateTimeOffset now)
    {
        var names = Required(request.Names, "entityNames");
        var changes = new List<GraphChange>();
        var removedRelations = new HashSet<(string, string, string)>();
        var deleted = 0;
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i] ?? throw Invalid($"'entityNames[{i}]' is null: give entity names.");
            if (!_entities.ContainsKey(name) || changes.Any(c => c.Op == GraphChange.RemoveEntity && c.Name == name))
            {
                continue;
            }

            foreach (var edge in _graph.OutEdges(name).Concat(_graph.InEdges(name)))
            {
                if (removedRelations.Add(Key(edge.Tag)))
                {
                    changes.Add(new GraphChange { Op = GraphChange.RemoveRelation, Relation = edge.Tag });
                }
            }

            foreach (var fact in FactsOf(name).Where(f => f.InvalidatedAt is null))
            {
                changes.Add(new GraphChange { Op = GraphChange.PutFact, Fact = fact with { InvalidatedAt = now } });
            }

            changes.Add(new GraphChange { Op = GraphChange.RemoveEntity, Name = name });
            deleted++;
        }

        return new GraphPlan(new GraphResponse { Deleted = deleted, Relations = [.. changes.Where(c => c.Op == GraphChange.RemoveRelation).Select(c => c.Relation!)] }, changes);
    }

    private GraphPlan PlanDeleteObservations(GraphRequest request, DateTimeOffset now)
    {
        var inputs = Required(request.Observations, "deletions");
        var working = new Dictionary<string, GraphEntity>(StringComparer.Ordinal);
        var deleted = 0;
        for (var i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i] ?? throw Invalid($"'deletions[{i}]' is null: give an object with entityName and observations.");
            if (input.EntityName is null)
            {
                throw Invalid($"'deletions[{i}].entityName' is missing.");
            }

            if (input.Contents is null)
            {
                throw Invalid($"'deletions[{i}].observations' is missing: give the observation texts to delete.");
            }

            if (!working.TryGetValue(input.EntityName, out var entity) && !_entities.TryGetValue(input.EntityName, out entity))
            {
                continue;
            }

            var kept = entity.Observations.Where(o => !input.Contents.Contains(o, StringComparer.Ordinal)).ToList();
            deleted += entity.Observations.Count - kept.Count;
            working[entity.Name] = entity with { Observations = kept, UpdatedAt = kept.Count != entity.Observations.Count ? now : entity.UpdatedAt };
        }

        var changes = working.Values
            .Where(e => e.Observations.Count != _entities[e.Name].Observations.Count)
            .Select(e => new GraphChange { Op = GraphChange.PutEntity, Entity = e })
            .ToList();
        return new GraphPlan(new GraphResponse { Deleted = deleted }, changes);
    }

    private GraphPlan PlanDeleteRelations(GraphRequest request)
    {
        var inputs = Required(request.Relations, "relations");
        var changes = new List<GraphChange>();
        var seen = new HashSet<(string, string, string)>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var relation = CheckRelation(inputs[i], $"relations[{i}]", requireEntities: false);
            if (_relations.TryGetValue(Key(relation), out var stored) && seen.Add(Key(relation)))
            {
                changes.Add(new GraphChange { Op = GraphChange.RemoveRelation, Relation = stored });
            }
        }

        return new GraphPlan(new GraphResponse { Deleted = changes.Count }, changes);
    }

    private GraphResponse ReadGraph(GraphRequest request)
    {
        var limit = Math.Max(1, request.Limit);
        var entities = new List<GraphEntity>();
        var remainingEntities = 0;
        foreach (var (seq, name) in _entityOrder)
        {
            if (seq <= request.AfterEntity)
            {
                continue;
            }

            if (entities.Count < limit)
            {
                entities.Add(_entities[name]);
            }
            else
            {
                remainingEntities++;
            }
        }

        var relations = new List<GraphRelation>();
        var remainingRelations = 0;
        foreach (var (seq, relation) in _relationOrder)
        {
            if (seq <= request.AfterRelation)
            {
                continue;
            }

            if (relations.Count < limit)
            {
                relations.Add(relation);
            }
            else
            {
                remainingRelations++;
            }
        }

        return new GraphResponse
        {
            Entities = entities,
            Relations = relations,
            RemainingEntities = remainingEntities,
            RemainingRelations = remainingRelations,
            Total = _entities.Count,
            TotalRelations = _relations.Count,
        };
    }

    private GraphResponse OpenNodes(GraphRequest request)
    {
        var names = Required(request.Names, "names");
        var wanted = new HashSet<string>(names.Where(n => n is not null), StringComparer.Ordinal);
        var entities = _entityOrder.Values.Where(wanted.Contains).Select(n => _entities[n]).ToList();
        return WithRelations(entities.Select(e => new EntityHit(e, null, null, null, null, null)).ToList(), request);
    }

    /// <summary>
    /// A page of hits and the relations that touch the entities of that page, in creation order. TotalRelations counts
    /// the relations that touch a hit from the page on but none before it: what later answers still have to give.
    /// </summary>
    private GraphResponse WithRelations(List<EntityHit> hits, GraphRequest request)
    {
        var offset = Math.Clamp(request.Offset, 0, hits.Count);
        var page = hits.Skip(offset).Take(Math.Max(1, request.Limit)).ToList();
        var before = new HashSet<string>(hits.Take(offset).Select(h => h.Entity.Name), StringComparer.Ordinal);
        var onPage = new HashSet<string>(page.Select(h => h.Entity.Name), StringComparer.Ordinal);
        var relations = new List<GraphRelation>();
        var remaining = 0;
        var seen = new HashSet<long>();
        foreach (var hit in hits.Skip(offset))
        {
            foreach (var edge in _graph.OutEdges(hit.Entity.Name).Concat(_graph.InEdges(hit.Entity.Name)))
            {
                if (before.Contains(edge.Tag.From) || before.Contains(edge.Tag.To) || !seen.Add(edge.Tag.Seq))
                {
                    continue;
                }

                remaining++;
                if (onPage.Contains(hit.Entity.Name))
                {
                    relations.Add(edge.Tag);
                }
            }
        }

        relations.Sort((a, b) => a.Seq.CompareTo(b.Seq));
        return new GraphResponse { Hits = page, Relations = relations, Total = hits.Count, TotalRelations = remaining };
    }

    private static IReadOnlyList<T> Required<T>(IReadOnlyList<T>? list, string field) =>
        list ?? throw Invalid($"'{field}' is missing: give a list (it may be empty).");
}
