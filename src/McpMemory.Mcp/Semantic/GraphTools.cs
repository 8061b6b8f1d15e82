using System.ComponentModel;
using System.Security.Claims;
using McpMemory.Core;
using McpMemory.Core.Semantic;
using McpMemory.Mcp.Budgets;
using McpMemory.Mcp.Episodic;
using McpMemory.Mcp.Identity;
using ModelContextProtocol.Server;

namespace McpMemory.Mcp.Semantic;

/// <summary>
/// Graph queries beyond the official memory server: neighbours, shortest paths, subgraphs, ranked entity search, and
/// merging duplicates (with undo). Entity names resolve exactly first, then by normalised name or alias, so "Alice
/// Smith" and "alice  smith" are one person.
/// </summary>
[McpServerToolType]
public sealed class GraphTools(SemanticMemory memory, PrincipalResolver principals, GraphChangeNotifier changes)
{
    private const string NamespaceHelp = KnowledgeGraphTools.NamespaceHelp;
    private const string EntityHelp = "An entity: its exact name, or a name that differs only in case or spacing, or an alias.";

    /// <summary>graph_neighbors.</summary>
    [McpServerTool(Name = "graph_neighbors", Title = "Neighbours of an entity", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("The entities within 'depth' hops of an entity (nearest first), following relations out, in or both ways, optionally only some relation types, with the relations between them.")]
    public Task<TraversalResult> NeighborsAsync(
        [Description(EntityHelp)] string entity,
        [Description("Hops, 1 to 6.")] int depth = 1,
        [Description("Only follow these relation types.")] IReadOnlyList<string>? relation_types = null,
        [Description("'out' (relations from the entity), 'in' (relations to it) or 'both' (default).")] string direction = "both",
        [Description("The 'next_cursor' of the previous answer.")] string? cursor = null,
        [Description("The most tokens (cl100k) the answer may take; default 8000.")] int? max_tokens = null,
        [Description(NamespaceHelp)] string? @namespace = null,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default) =>
        EpisodicTools.Guard(() => TraverseAsync(
            new GraphRequest { Op = GraphOps.Neighbors, Entity = entity, Depth = depth, RelationTypes = relation_types, Direction = direction },
            "graph_neighbors", cursor, max_tokens, @namespace, user, cancellationToken));

    /// <summary>graph_subgraph.</summary>
    [McpServerTool(Name = "graph_subgraph", Title = "Subgraph around an entity", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("The subgraph around an entity: it and every entity within 'depth' hops (either direction), with every relation among them, within a token budget.")]
    public Task<TraversalResult> SubgraphAsync(
        [Description(EntityHelp)] string entity,
        [Description("Hops, 1 to 6.")] int depth = 1,
        [Description("Only follow and return these relation types.")] IReadOnlyList<string>? relation_types = null,
        [Description("The 'next_cursor' of the previous answer.")] string? cursor = null,
        [Description("The most tokens (cl100k) the answer may take; default 8000.")] int? max_tokens = null,
        [Description(NamespaceHelp)] string? @namespace = null,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default) =>
        EpisodicTools.Guard(() => TraverseAsync(
            new GraphRequest { Op = GraphOps.Subgraph, Entity = entity, Depth = depth, RelationTypes = relation_types },
            "graph_subgraph", cursor, max_tokens, @namespace, user, cancellationToken));

    /// <summary>graph_path.</summary>
    [McpServerTool(Name = "graph_path", Title = "Shortest path", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("The shortest path between two entities (fewest hops), following relations in either direction by default, optionally only some relation types. Says found=false when there is none within max_depth.")]
    public Task<PathResult> PathAsync(
        [Description("Where the path starts. " + EntityHelp)] string from,
        [Description("Where the path ends. " + EntityHelp)] string to,
        [Description("Only follow these relation types.")] IReadOnlyList<string>? relation_types = null,
        [Description("'out' (follow relations along their direction), 'in' (against it) or 'both' (default).")] string direction = "both",
        [Description("The most hops to search, 1 to 12.")] int max_depth = 6,
        [Description(NamespaceHelp)] string? @namespace = null,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default) =>
        EpisodicTools.Guard(async () =>
        {
            var request = new GraphRequest { Op = GraphOps.Path, Entity = from, Target = to, RelationTypes = relation_types, Direction = direction, Depth = max_depth };
            var (ns, response) = await memory.ExecuteAsync(principals.Resolve(user), @namespace, request, cancellationToken).ConfigureAwait(false);
            var entities = response.Entities!.Select(EntityView.From).ToList();
            if (response.Path is null)
            {
                return new PathResult(false, 0, [], [], ns);
            }

            var steps = new List<PathStepView>();
            for (var i = 0; i < response.Path.Count; i++)
            {
                var step = response.Path[i];
                steps.Add(new PathStepView(entities[i].Name, step.Relation.RelationType, entities[i + 1].Name, step.Forward ? "forward" : "backward"));
            }

            return new PathResult(true, steps.Count, entities, steps, ns);
        });

    /// <summary>entity_search.</summary>
    [McpServerTool(Name = "entity_search", Title = "Search entities", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Rank entities by meaning and keywords (hybrid by default) over their names, types, aliases and observations; optionally only some entity types. Each hit says why it matched.")]
    public Task<EntitySearchResult> SearchAsync(
        [Description("What to look for.")] string query,
        [Description("How many hits, 1 to 200.")] int k = 10,
        [Description("'hybrid' (default), 'dense' (meaning only) or 'keyword' (BM25 only).")] string mode = "hybrid",
        [Description("Only entities of these types.")] IReadOnlyList<string>? entity_types = null,
        [Description("Wait until every entity written before this call can be found by meaning.")] bool wait_for_embeddings = false,
        [Description("The most tokens (cl100k) the answer may take; default 8000. Hits that do not fit are counted in 'omitted'.")] int? max_tokens = null,
        [Description(NamespaceHelp)] string? @namespace = null,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default) =>
        EpisodicTools.Guard(async () =>
        {
            var budget = new TokenBudget(max_tokens, "max_tokens");
            if (k is < 1 or > 200)
            {
                throw new McpMemoryException(McpMemoryErrorCodes.InvalidArgument, $"'k' is {k}: use 1 to 200.");
            }

            var request = new GraphRequest { Op = GraphOps.EntitySearch, Query = query, K = k, Mode = mode?.Trim().ToLowerInvariant(), EntityTypes = entity_types, WaitForEmbeddings = wait_for_embeddings };
            var (ns, response) = await memory.ExecuteAsync(principals.Resolve(user), @namespace, request, cancellationToken).ConfigureAwait(false);
            var hits = new List<EntitySearchHitView>();
            foreach (var h in response.Hits!)
            {
                var view = new EntitySearchHitView(EntityView.From(h.Entity), h.Match!, Math.Round(h.Score ?? 0, 6), h.DenseScore is { } d ? Math.Round(d, 4) : null, h.KeywordScore is { } s ? Math.Round(s, 4) : null);
                if (!budget.TryAdd(view, McpMemoryJsonContext.Default.EntitySearchHitView))
                {
                    break;
                }

                hits.Add(view);
            }

            return new EntitySearchResult(hits, response.Hits!.Count - hits.Count, ns);
        });

    /// <summary>entity_merge.</summary>
    [McpServerTool(Name = "entity_merge", Title = "Merge two entities", ReadOnly = false, Destructive = true, Idempotent = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Merge a duplicate entity into another: the target gains the source's name as an alias, its aliases and observations, and takes over its relations and facts; the source is removed. " +
        "Facts of a single-valued predicate that then overlap with different objects are reconciled as fact_add would: the later valid_from wins from its start and the earlier fact is closed there (kept in history). " +
        "Returns a merge record whose id undoes it with entity_unmerge.")]
    public Task<MergeResult> MergeAsync(
        [Description("The duplicate, which disappears. " + EntityHelp)] string source,
        [Description("The entity that stays. " + EntityHelp)] string target,
        [Description(NamespaceHelp)] string? @namespace = null,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default) =>
        EpisodicTools.Guard(async () =>
        {
            var (ns, response) = await memory.ExecuteAsync(principals.Resolve(user), @namespace, new GraphRequest { Op = GraphOps.Merge, Entity = source, Target = target }, cancellationToken).ConfigureAwait(false);
            await changes.GraphChangedAsync(ns, [response.Merge!.Source.Name, response.Merge.Target, .. response.Merge.AddedRelations.SelectMany(r => new[] { r.From, r.To })], cancellationToken).ConfigureAwait(false);
            return new MergeResult(EntityView.From(response.Entities![0]), response.Merge!, response.Note, ns);
        });

    /// <summary>entity_unmerge.</summary>
    [McpServerTool(Name = "entity_unmerge", Title = "Undo a merge", ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Undo an entity_merge: the merged entity comes back with its observations, aliases, relations and facts, and the target loses what it gained (changes made to it since are kept).")]
    public Task<MergeResult> UnmergeAsync(
        [Description("The 'id' of the merge record that entity_merge returned.")] string merge_id,
        [Description(NamespaceHelp)] string? @namespace = null,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default) =>
        EpisodicTools.Guard(async () =>
        {
            var (ns, response) = await memory.ExecuteAsync(principals.Resolve(user), @namespace, new GraphRequest { Op = GraphOps.Unmerge, MergeId = merge_id }, cancellationToken).ConfigureAwait(false);
            await changes.GraphChangedAsync(ns, [response.Merge!.Source.Name, response.Merge.Target, .. response.Merge.RemovedRelations.SelectMany(r => new[] { r.From, r.To })], cancellationToken).ConfigureAwait(false);
            return new MergeResult(EntityView.From(response.Entities![0]), response.Merge!, response.Note, ns);
        });

    private async Task<TraversalResult> TraverseAsync(GraphRequest template, string tool, string? cursor, int? maxTokens, string? @namespace, ClaimsPrincipal? user, CancellationToken cancellationToken)
    {
        var budget = new TokenBudget(maxTokens, "max_tokens");
        var principal = principals.Resolve(user);
        var neighbors = new List<NeighborView>();
        var relations = new Dictionary<long, RelationView>();
        EntityView? start = null;
        var ctx = McpMemoryJsonContext.Default;
        var (ns, offset, left) = await OffsetPager.FillAsync(
            (int)(PageCursor.Decode(cursor, tool, 1)?[0] ?? 0),
            async at =>
            {
                var (ns, page) = await memory.ExecuteAsync(principal, @namespace, template with { Offset = at, Limit = OffsetPager.PageSize }, cancellationToken).ConfigureAwait(false);
                start ??= EntityView.From(page.Entities![0]);
                return (ns, page, page.Total);
            },
            page => page.Hits!,
            (page, hit) =>
            {
                // An entity comes with its relations to the entities already in the answer.
                var view = new NeighborView(EntityView.From(hit.Entity), hit.Distance ?? 0);
                // The store sends the relations among the start, this page and earlier pages; those to an entity
                // later on this page come with that entity.
                var later = page.Hits!.SkipWhile(h => h.Entity.Name != hit.Entity.Name).Skip(1).Select(h => h.Entity.Name).ToHashSet(StringComparer.Ordinal);
                var own = page.Relations!
                    .Where(r => !relations.ContainsKey(r.Seq)
                        && (r.From == hit.Entity.Name || r.To == hit.Entity.Name)
                        && !later.Contains(r.From) && !later.Contains(r.To))
                    .ToList();
                if (!budget.TryTake(TokenBudget.Tokens(view, ctx.NeighborView) + own.Sum(r => TokenBudget.Tokens(RelationView.Of(r), ctx.RelationView))))
                {
                    return false;
                }

                neighbors.Add(view);
                foreach (var relation in own)
                {
                    relations[relation.Seq] = RelationView.Of(relation);
                }

                return true;
            }).ConfigureAwait(false);
        return new TraversalResult(start!, neighbors, [.. relations.OrderBy(r => r.Key).Select(r => r.Value)], left > 0 ? PageCursor.Encode(tool, offset) : null, left, ns);
    }
}
