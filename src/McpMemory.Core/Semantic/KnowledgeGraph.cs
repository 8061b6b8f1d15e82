using QuikGraph;

namespace McpMemory.Core.Semantic;

/// <summary>
/// One namespace's knowledge graph in memory: entities, typed relations (a QuikGraph bidirectional graph, for
/// traversals), bi-temporal facts, declared predicates and merge records, plus the search structures over entities.
/// A write is planned first (<see cref="Plan"/>, which checks everything and changes nothing), then its changes are made
/// durable by the owner, then applied (<see cref="Apply"/>); replaying the same changes rebuilds the same graph.
/// Not thread-safe: the owner serialises calls.
/// </summary>
public sealed partial class KnowledgeGraph
{
    private readonly Dictionary<string, GraphEntity> _entities = new(StringComparer.Ordinal);
    private readonly SortedDictionary<long, string> _entityOrder = [];
    private readonly Dictionary<string, HashSet<string>> _byKey = new(StringComparer.Ordinal);
    private readonly BidirectionalGraph<string, TaggedEdge<string, GraphRelation>> _graph = new(allowParallelEdges: true);
    private readonly Dictionary<(string From, string To, string Type), GraphRelation> _relations = [];
    private readonly SortedDictionary<long, GraphRelation> _relationOrder = [];
    private readonly Dictionary<string, GraphFact> _facts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _factsByEntity = new(StringComparer.Ordinal);
    private readonly Dictionary<string, GraphPredicate> _predicates = new(StringComparer.Ordinal);
    private readonly Dictionary<string, GraphMerge> _merges = new(StringComparer.Ordinal);
    private readonly EntitySearchIndex _index = new();
    private long _nextEntitySeq = 1;
    private long _nextRelationSeq = 1;

    /// <summary>The namespace, for messages.</summary>
    public KnowledgeGraph(string ns) => Namespace = ns;

    /// <summary>The namespace, for messages.</summary>
    public string Namespace { get; }

    /// <summary>Entities now.</summary>
    public int EntityCount => _entities.Count;

    /// <summary>Relations now.</summary>
    public int RelationCount => _relations.Count;

    /// <summary>Entities whose current text has no vector yet.</summary>
    public int PendingEmbeddings => _index.PendingCount;

    /// <summary>Up to <paramref name="max"/> entities whose current text waits for a vector: name, text version and text.</summary>
    public List<(string Name, int Version, string Text)> TakePendingEmbeddings(int max) => _index.TakePending(max);

    /// <summary>Stores the vector of an entity's text version; false when the entity changed since (it stays pending).</summary>
    public bool SetEmbedding(string name, int version, ReadOnlySpan<float> vector) => _index.SetVector(name, version, vector);

    /// <summary>Gives up on embedding this text version of an entity (the model failed on it); it stays findable by text.</summary>
    public void SkipEmbedding(string name, int version)
    {
        if (_index.Current(name) is { } current && current.Document == version)
        {
            _index.SkipPending(name);
        }
    }

    /// <summary>Uses vectors saved earlier for entities whose text is unchanged (<paramref name="textHash"/> says).</summary>
    public int RestoreEmbeddings(IReadOnlyDictionary<string, (ulong Hash, float[] Vector)> saved, Func<string, ulong> textHash)
    {
        ArgumentNullException.ThrowIfNull(saved);
        ArgumentNullException.ThrowIfNull(textHash);
        var restored = 0;
        foreach (var (name, version, text) in _index.TakePending(int.MaxValue))
        {
            if (saved.TryGetValue(name, out var entry) && entry.Hash == textHash(text) && _index.SetVector(name, version, entry.Vector))
            {
                restored++;
            }
        }

        return restored;
    }

    /// <summary>Every entity's current vector and the text it was made from (for saving).</summary>
    public IEnumerable<(string Name, string Text, ReadOnlyMemory<float> Vector)> Embeddings() => _index.Vectors();

    /// <summary>The length of the entity vectors, once there are any.</summary>
    public int? EmbeddingDimensions => _index.Dimensions;

    /// <summary>True for operations that change the graph.</summary>
    public static bool IsWrite(string op) => op is GraphOps.CreateEntities or GraphOps.CreateRelations or GraphOps.AddObservations
        or GraphOps.DeleteEntities or GraphOps.DeleteObservations or GraphOps.DeleteRelations or GraphOps.DefinePredicate
        or GraphOps.AddFact or GraphOps.SupersedeFact or GraphOps.Merge or GraphOps.Unmerge or GraphOps.Import;

    /// <summary>True for operations that rank entities by meaning (the owner embeds the query first).</summary>
    public static bool NeedsQueryVector(GraphRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return !string.IsNullOrWhiteSpace(request.Query)
            && ((request.Op == GraphOps.SearchNodes && request.K > 0) || (request.Op == GraphOps.EntitySearch && request.Mode is not "keyword"));
    }

    /// <summary>Checks a write and works out its changes and answer, without changing anything.</summary>
    public GraphPlan Plan(GraphRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Op switch
        {
            GraphOps.CreateEntities => PlanCreateEntities(request, now),
            GraphOps.CreateRelations => PlanCreateRelations(request, now),
            GraphOps.AddObservations => PlanAddObservations(request, now),
            GraphOps.DeleteEntities => PlanDeleteEntities(request, now),
            GraphOps.DeleteObservations => PlanDeleteObservations(request, now),
            GraphOps.DeleteRelations => PlanDeleteRelations(request),
            GraphOps.DefinePredicate => PlanDefinePredicate(request),
            GraphOps.AddFact => PlanAddFact(request, now),
            GraphOps.SupersedeFact => PlanSupersedeFact(request, now),
            GraphOps.Merge => PlanMerge(request, now),
            GraphOps.Unmerge => PlanUnmerge(request, now),
            GraphOps.Import => PlanImport(request, now),
            _ => throw Invalid($"'{request.Op}' is not a write operation of the knowledge graph."),
        };
    }

    /// <summary>Answers a read. <paramref name="queryVector"/> is the embedded query, when the read ranks by meaning.</summary>
    public GraphResponse Query(GraphRequest request, DateTimeOffset now, ReadOnlySpan<float> queryVector = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Op switch
        {
            GraphOps.ReadGraph => ReadGraph(request),
            GraphOps.SearchNodes => SearchNodes(request, queryVector),
            GraphOps.OpenNodes => OpenNodes(request),
            GraphOps.ListPredicates => new GraphResponse { Predicates = [.. _predicates.Values.OrderBy(p => p.Name, StringComparer.Ordinal)] },
            GraphOps.FactHistory => FactHistory(request),
            GraphOps.QueryFacts => QueryFacts(request, now),
            GraphOps.Neighbors => Neighbors(request),
            GraphOps.Path => FindPath(request),
            GraphOps.Subgraph => Subgraph(request),
            GraphOps.EntitySearch => EntitySearch(request, queryVector),
            GraphOps.Stats => new GraphResponse { Stats = Stats(null) },
            GraphOps.Versions => Versions(request),
            _ => throw Invalid($"'{request.Op}' is not an operation of the knowledge graph. Known: {string.Join(", ", typeof(GraphOps).GetFields().Select(f => f.GetRawConstantValue()))}."),
        };
    }

    /// <summary>The prefix that makes an entity name a record reference (<c>entity:NAME</c>) next to fact ids.</summary>
    public const string EntityReference = "entity:";

    /// <summary>
    /// The version of each referenced record that exists now: an entity's is a hash of its name, type, aliases and
    /// observations (so any change to them gives a new one); a fact's id names one version already, so a current fact's
    /// is its id and an invalidated (superseded) one has none.
    /// </summary>
    private GraphResponse Versions(GraphRequest request)
    {
        var versions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var reference in Required(request.Names, "names"))
        {
            if (reference is null)
            {
                continue;
            }

            if (reference.StartsWith(EntityReference, StringComparison.Ordinal))
            {
                if (_entities.TryGetValue(reference[EntityReference.Length..], out var entity))
                {
                    var text = $"{entity.EntityType}\u001f{string.Join('\u001f', entity.Aliases)}\u001e{string.Join('\u001f', entity.Observations)}";
                    versions[reference] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)).AsSpan(0, 12));
                }
            }
            else if (_facts.TryGetValue(reference, out var fact) && fact.InvalidatedAt is null)
            {
                versions[reference] = fact.Id;
            }
        }

        return new GraphResponse { Versions = versions };
    }

    /// <summary>Counts; <paramref name="model"/> is the model of the entity vectors.</summary>
    public GraphStats Stats(string? model) =>
        new(Namespace, _entities.Count, _relations.Count, _facts.Count, _facts.Values.Count(f => f.InvalidatedAt is null), _predicates.Count, _index.PendingCount, model);

    /// <summary>Applies changes that were planned (or read back from the log).</summary>
    public void Apply(IReadOnlyList<GraphChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        foreach (var change in changes)
        {
            switch (change.Op)
            {
                case GraphChange.PutEntity:
                    ApplyPutEntity(change.Entity!);
                    break;
                case GraphChange.RemoveEntity:
                    ApplyRemoveEntity(change.Name!);
                    break;
                case GraphChange.PutRelation:
                    ApplyPutRelation(change.Relation!);
                    break;
                case GraphChange.RemoveRelation:
                    ApplyRemoveRelation(change.Relation!);
                    break;
                case GraphChange.PutFact:
                    ApplyPutFact(change.Fact!);
                    break;
                case GraphChange.PutPredicate:
                    _predicates[change.Predicate!.Name] = change.Predicate;
                    break;
                case GraphChange.PutMerge:
                    _merges[change.Merge!.Id] = change.Merge;
                    break;
                default:
                    throw new McpMemoryException(McpMemoryErrorCodes.Incompatible, $"The graph log of namespace '{Namespace}' holds an unknown change '{change.Op}': it was written by a newer mcp-memory. Upgrade.");
            }
        }
    }

    /// <summary>Every entity, relation, fact, predicate and merge record as changes that rebuild this graph (for snapshots).</summary>
    public IEnumerable<GraphChange> Snapshot()
    {
        foreach (var predicate in _predicates.Values)
        {
            yield return new GraphChange { Op = GraphChange.PutPredicate, Predicate = predicate };
        }

        foreach (var name in _entityOrder.Values)
        {
            yield return new GraphChange { Op = GraphChange.PutEntity, Entity = _entities[name] };
        }

        foreach (var relation in _relationOrder.Values)
        {
            yield return new GraphChange { Op = GraphChange.PutRelation, Relation = relation };
        }

        foreach (var fact in _facts.Values)
        {
            yield return new GraphChange { Op = GraphChange.PutFact, Fact = fact };
        }

        foreach (var merge in _merges.Values)
        {
            yield return new GraphChange { Op = GraphChange.PutMerge, Merge = merge };
        }
    }

    private void ApplyPutEntity(GraphEntity entity)
    {
        if (_entities.TryGetValue(entity.Name, out var old))
        {
            UnindexNames(old);
            if (old.Seq != entity.Seq)
            {
                _entityOrder.Remove(old.Seq);
            }
        }
        else
        {
            _graph.AddVertex(entity.Name);
        }

        _entities[entity.Name] = entity;
        _entityOrder[entity.Seq] = entity.Name;
        _nextEntitySeq = Math.Max(_nextEntitySeq, entity.Seq + 1);
        IndexNames(entity);
        _index.Put(entity);
    }

    private void ApplyRemoveEntity(string name)
    {
        if (!_entities.Remove(name, out var old))
        {
            return;
        }

        _entityOrder.Remove(old.Seq);
        UnindexNames(old);
        _index.Remove(name);
        if (_graph.ContainsVertex(name))
        {
            foreach (var edge in _graph.OutEdges(name).Concat(_graph.InEdges(name)).ToList())
            {
                _relations.Remove(Key(edge.Tag));
                _relationOrder.Remove(edge.Tag.Seq);
            }

            _graph.RemoveVertex(name);
        }
    }

    private void ApplyPutRelation(GraphRelation relation)
    {
        var key = Key(relation);
        if (_relations.ContainsKey(key))
        {
            return;
        }

        _graph.AddVerticesAndEdge(new TaggedEdge<string, GraphRelation>(relation.From, relation.To, relation));
        _relations[key] = relation;
        _relationOrder[relation.Seq] = relation;
        _nextRelationSeq = Math.Max(_nextRelationSeq, relation.Seq + 1);
    }

    private void ApplyRemoveRelation(GraphRelation relation)
    {
        if (!_relations.Remove(Key(relation), out var stored))
        {
            return;
        }

        _relationOrder.Remove(stored.Seq);
        _graph.RemoveEdgeIf(e => ReferenceEquals(e.Tag, stored));
    }

    private void ApplyPutFact(GraphFact fact)
    {
        if (!_facts.ContainsKey(fact.Id))
        {
            AddFactIndex(fact.Subject, fact.Id);
            if (fact.Object is { } target && target != fact.Subject)
            {
                AddFactIndex(target, fact.Id);
            }
        }
        else
        {
            var old = _facts[fact.Id];
            if (old.Subject != fact.Subject || old.Object != fact.Object)
            {
                RemoveFactIndex(old.Subject, fact.Id);
                if (old.Object is { } oldTarget)
                {
                    RemoveFactIndex(oldTarget, fact.Id);
                }

                AddFactIndex(fact.Subject, fact.Id);
                if (fact.Object is { } target && target != fact.Subject)
                {
                    AddFactIndex(target, fact.Id);
                }
            }
        }

        _facts[fact.Id] = fact;
    }

    private void AddFactIndex(string entity, string id)
    {
        if (!_factsByEntity.TryGetValue(entity, out var list))
        {
            _factsByEntity[entity] = list = [];
        }

        if (!list.Contains(id, StringComparer.Ordinal))
        {
            list.Add(id);
        }
    }

    private void RemoveFactIndex(string entity, string id)
    {
        if (_factsByEntity.TryGetValue(entity, out var list))
        {
            list.Remove(id);
        }
    }

    private void IndexNames(GraphEntity entity)
    {
        foreach (var name in entity.Aliases.Prepend(entity.Name))
        {
            var key = EntityNames.Normalize(name);
            if (!_byKey.TryGetValue(key, out var set))
            {
                _byKey[key] = set = new HashSet<string>(StringComparer.Ordinal);
            }

            set.Add(entity.Name);
        }
    }

    private void UnindexNames(GraphEntity entity)
    {
        foreach (var name in entity.Aliases.Prepend(entity.Name))
        {
            var key = EntityNames.Normalize(name);
            if (_byKey.TryGetValue(key, out var set))
            {
                set.Remove(entity.Name);
                if (set.Count == 0)
                {
                    _byKey.Remove(key);
                }
            }
        }
    }

    private static (string, string, string) Key(GraphRelation relation) => (relation.From, relation.To, relation.RelationType);

    private static McpMemoryException Invalid(string message) => new(McpMemoryErrorCodes.InvalidArgument, message);

    private static string NewId(string prefix, DateTimeOffset now) => $"{prefix}_{Guid.CreateVersion7(now):N}";
}
