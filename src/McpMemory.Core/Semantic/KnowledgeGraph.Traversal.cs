using QuikGraph;

namespace McpMemory.Core.Semantic;

public sealed partial class KnowledgeGraph
{
    /// <summary>The deepest traversal a call may ask for.</summary>
    public const int MaxDepth = 6;

    private GraphResponse Neighbors(GraphRequest request)
    {
        var (start, distances, relations) = Walk(request);
        var hits = distances
            .Where(d => d.Key != start.Name)
            .OrderBy(d => d.Value).ThenBy(d => _entities[d.Key].Seq)
            .Select(d => new EntityHit(_entities[d.Key], null, null, null, null, d.Value))
            .ToList();
        var end = Math.Max(0, request.Offset) + Math.Max(1, request.Limit);
        var page = hits.Skip(Math.Max(0, request.Offset)).Take(Math.Max(1, request.Limit)).ToList();

        // Relations among the start, this page and earlier pages: each page brings the relations of its entities to
        // everything delivered before it.
        var upTo = new HashSet<string>(hits.Take(end).Select(h => h.Entity.Name), StringComparer.Ordinal) { start.Name };
        return new GraphResponse
        {
            Entities = [start],
            Hits = page,
            Relations = relations.Where(r => upTo.Contains(r.From) && upTo.Contains(r.To)).OrderBy(r => r.Seq).ToList(),
            Total = hits.Count,
            TotalRelations = relations.Count,
        };
    }

    private GraphResponse Subgraph(GraphRequest request)
    {
        var (start, distances, relations) = Walk(request);
        var hits = distances
            .OrderBy(d => d.Value).ThenBy(d => _entities[d.Key].Seq)
            .Select(d => new EntityHit(_entities[d.Key], null, null, null, null, d.Value))
            .ToList();
        var end = Math.Max(0, request.Offset) + Math.Max(1, request.Limit);
        var page = hits.Skip(Math.Max(0, request.Offset)).Take(Math.Max(1, request.Limit)).ToList();
        var upTo = new HashSet<string>(hits.Take(end).Select(h => h.Entity.Name), StringComparer.Ordinal);

        // Every relation between two entities of the subgraph (not only those the walk crossed) up to this page.
        var all = new List<GraphRelation>();
        foreach (var hit in page)
        {
            all.AddRange(_graph.OutEdges(hit.Entity.Name).Concat(_graph.InEdges(hit.Entity.Name)).Select(e => e.Tag)
                .Where(r => upTo.Contains(r.From) && upTo.Contains(r.To) && Allowed(request, r)));
        }

        all = all.DistinctBy(r => r.Seq).ToList();

        return new GraphResponse { Entities = [start], Hits = page, Relations = all.OrderBy(r => r.Seq).ToList(), Total = hits.Count, TotalRelations = relations.Count };
    }

    /// <summary>Breadth-first over the QuikGraph adjacency, honouring depth, direction and relation types.</summary>
    private (GraphEntity Start, Dictionary<string, int> Distances, List<GraphRelation> Crossed) Walk(GraphRequest request)
    {
        var start = Resolve(request.Entity, "entity");
        var depth = request.Depth;
        if (depth < 1 || depth > MaxDepth)
        {
            throw Invalid($"'depth' is {depth}: use 1 to {MaxDepth}.");
        }

        var (outgoing, incoming) = ParseDirection(request.Direction);
        var distances = new Dictionary<string, int>(StringComparer.Ordinal) { [start.Name] = 0 };
        var crossed = new List<GraphRelation>();
        var seen = new HashSet<long>();
        var frontier = new Queue<string>();
        frontier.Enqueue(start.Name);
        while (frontier.Count > 0)
        {
            var name = frontier.Dequeue();
            var distance = distances[name];
            if (distance == depth)
            {
                continue;
            }

            foreach (var (edge, next) in Steps(name, outgoing, incoming))
            {
                if (!Allowed(request, edge.Tag))
                {
                    continue;
                }

                if (seen.Add(edge.Tag.Seq))
                {
                    crossed.Add(edge.Tag);
                }

                if (distances.TryAdd(next, distance + 1))
                {
                    frontier.Enqueue(next);
                }
            }
        }

        return (start, distances, crossed);
    }

    private IEnumerable<(TaggedEdge<string, GraphRelation> Edge, string Next)> Steps(string name, bool outgoing, bool incoming)
    {
        if (outgoing)
        {
            foreach (var edge in _graph.OutEdges(name))
            {
                yield return (edge, edge.Target);
            }
        }

        if (incoming)
        {
            foreach (var edge in _graph.InEdges(name))
            {
                yield return (edge, edge.Source);
            }
        }
    }

    private GraphResponse FindPath(GraphRequest request)
    {
        var from = Resolve(request.Entity, "from");
        var to = Resolve(request.Target, "to");
        var maxDepth = request.Depth is < 1 or > 12 ? throw Invalid($"'max_depth' is {request.Depth}: use 1 to 12.") : request.Depth;
        var (outgoing, incoming) = ParseDirection(request.Direction);
        if (from.Name == to.Name)
        {
            return new GraphResponse { Entities = [from], Path = [], Total = 0 };
        }

        var previous = new Dictionary<string, (string From, TaggedEdge<string, GraphRelation> Edge)>(StringComparer.Ordinal);
        var distances = new Dictionary<string, int>(StringComparer.Ordinal) { [from.Name] = 0 };
        var frontier = new Queue<string>();
        frontier.Enqueue(from.Name);
        while (frontier.Count > 0 && !previous.ContainsKey(to.Name))
        {
            var name = frontier.Dequeue();
            if (distances[name] == maxDepth)
            {
                continue;
            }

            foreach (var (edge, next) in Steps(name, outgoing, incoming))
            {
                if (Allowed(request, edge.Tag) && distances.TryAdd(next, distances[name] + 1))
                {
                    previous[next] = (name, edge);
                    frontier.Enqueue(next);
                }
            }
        }

        if (!previous.ContainsKey(to.Name))
        {
            return new GraphResponse { Entities = [], Path = null, Total = 0 };
        }

        var steps = new List<GraphPathStep>();
        var names = new List<string> { to.Name };
        for (var at = to.Name; at != from.Name;)
        {
            var (back, edge) = previous[at];
            steps.Add(new GraphPathStep(edge.Tag, edge.Tag.From == back && edge.Tag.To == at));
            names.Add(back);
            at = back;
        }

        steps.Reverse();
        names.Reverse();
        return new GraphResponse { Entities = names.Select(n => _entities[n]).ToList(), Path = steps, Total = steps.Count };
    }

    private static bool Allowed(GraphRequest request, GraphRelation relation) =>
        request.RelationTypes is not { Count: > 0 } types || types.Contains(relation.RelationType, StringComparer.Ordinal);

    private static (bool Outgoing, bool Incoming) ParseDirection(string? direction) => direction?.Trim().ToLowerInvariant() switch
    {
        null or "" or "both" => (true, true),
        "out" or "outgoing" => (true, false),
        "in" or "incoming" => (false, true),
        _ => throw Invalid($"'direction' value '{direction}' is unknown: use 'out', 'in' or 'both'."),
    };
}
