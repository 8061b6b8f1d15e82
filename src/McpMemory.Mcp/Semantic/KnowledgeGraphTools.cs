using System.ComponentModel;
using System.Security.Claims;
using McpMemory.Core.Semantic;
using McpMemory.Mcp.Budgets;
using McpMemory.Mcp.Episodic;
using McpMemory.Mcp.Identity;
using ModelContextProtocol.Server;

namespace McpMemory.Mcp.Semantic;

/// <summary>
/// The nine tools of the official <c>@modelcontextprotocol/server-memory</c>, with its names, argument shapes and exact,
/// case-sensitive name semantics, so that existing clients and prompts keep working. Ours is a superset: an optional
/// namespace, search by meaning in <c>search_nodes</c>, look-alike names reported by <c>create_entities</c>, and a
/// token budget with a cursor on every answer that can grow large.
/// </summary>
[McpServerToolType]
public sealed class KnowledgeGraphTools(SemanticMemory memory, PrincipalResolver principals, GraphChangeNotifier changes)
{
    internal const string NamespaceHelp = "Optional: the namespace to use; leave out for your default namespace.";
    internal const string MaxTokensHelp = "Optional: the most tokens (cl100k) the answer may take, 100 to 1000000; default 8000. What does not fit is counted in 'omitted' and comes with 'cursor'.";
    internal const string CursorHelp = "Optional: the 'nextCursor' of the previous answer, to get the rest.";
    private const int PageSize = 200;

    /// <summary>create_entities.</summary>
    [McpServerTool(Name = "create_entities", Title = "Create Entities", ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Create multiple new entities in the knowledge graph. Names are exact and case-sensitive; a name that already exists is skipped. Also reports created entities whose names look like existing ones (case, spacing, aliases).")]
    public Task<CreateEntitiesResult> CreateEntitiesAsync(
        IReadOnlyList<EntityInput> entities,
        [Description(NamespaceHelp)] string? @namespace = null,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default) =>
        EpisodicTools.Guard(async () =>
        {
            var request = new GraphRequest
            {
                Op = GraphOps.CreateEntities,
                Entities = entities?.Select(e => e is null ? null! : new GraphEntity { Name = e.Name, EntityType = e.EntityType, Observations = e.Observations ?? [], Aliases = e.Aliases ?? [] }).ToList(),
            };
            var (ns, response) = await memory.ExecuteAsync(principals.Resolve(user), @namespace, request, cancellationToken).ConfigureAwait(false);
            await changes.GraphChangedAsync(ns, response.Entities!.Select(e => e.Name), cancellationToken).ConfigureAwait(false);
            return new CreateEntitiesResult(
                response.Entities!.Select(EntityView.From).ToList(),
                response.PossibleDuplicates!.Select(d => new DuplicateView(d.Name, d.Existing, d.Reason)).ToList(),
                ns);
        });

    /// <summary>create_relations.</summary>
    [McpServerTool(Name = "create_relations", Title = "Create Relations", ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Create multiple new relations between entities in the knowledge graph. Relations should be in active voice. Both ends must be existing entities (exact names); a relation that already exists is skipped.")]
    public Task<CreateRelationsResult> CreateRelationsAsync(
        IReadOnlyList<RelationView> relations,
        [Description(NamespaceHelp)] string? @namespace = null,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default) =>
        EpisodicTools.Guard(async () =>
        {
            var request = new GraphRequest { Op = GraphOps.CreateRelations, Relations = relations?.Select(r => r?.ToRelation()!).ToList() };
            var (ns, response) = await memory.ExecuteAsync(principals.Resolve(user), @namespace, request, cancellationToken).ConfigureAwait(false);
            await changes.GraphChangedAsync(ns, response.Relations!.SelectMany(r => new[] { r.From, r.To }), cancellationToken).ConfigureAwait(false);
            return new CreateRelationsResult(response.Relations!.Select(RelationView.Of).ToList(), ns);
        });

    /// <summary>add_observations.</summary>
    [McpServerTool(Name = "add_observations", Title = "Add Observations", ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Add new observations to existing entities in the knowledge graph. Contents an entity already has are not added twice. An unknown entity name is an error, and then nothing is written.")]
    public Task<AddObservationsResult> AddObservationsAsync(
        IReadOnlyList<ObservationInput> observations,
        [Description(NamespaceHelp)] string? @namespace = null,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default) =>
        EpisodicTools.Guard(async () =>
        {
            var request = new GraphRequest { Op = GraphOps.AddObservations, Observations = observations?.Select(o => o is null ? null! : new ObservationSet(o.EntityName, o.Contents)).ToList() };
            var (ns, response) = await memory.ExecuteAsync(principals.Resolve(user), @namespace, request, cancellationToken).ConfigureAwait(false);
            await changes.GraphChangedAsync(ns, response.Added!.Where(a => a.Contents.Count > 0).Select(a => a.EntityName), cancellationToken).ConfigureAwait(false);
            return new AddObservationsResult(response.Added!.Select(a => new ObservationsAdded(a.EntityName, a.Contents)).ToList(), ns);
        });

    /// <summary>delete_entities.</summary>
    [McpServerTool(Name = "delete_entities", Title = "Delete Entities", ReadOnly = false, Destructive = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Delete multiple entities and their associated relations from the knowledge graph. Names not present are ignored. Facts about a deleted entity stay in its history, no longer current.")]
    public Task<DeleteResult> DeleteEntitiesAsync(
        [Description("An array of entity names to delete")] IReadOnlyList<string> entityNames,
        [Description(NamespaceHelp)] string? @namespace = null,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default) =>
        EpisodicTools.Guard(async () =>
        {
            var (ns, response) = await memory.ExecuteAsync(principals.Resolve(user), @namespace, new GraphRequest { Op = GraphOps.DeleteEntities, Names = entityNames }, cancellationToken).ConfigureAwait(false);
            // The other ends of the removed relations changed too: they lost a relation.
            await changes.GraphChangedAsync(ns, (entityNames ?? []).Concat(response.Relations!.SelectMany(r => new[] { r.From, r.To })), cancellationToken).ConfigureAwait(false);
            return new DeleteResult(true, "Entities deleted successfully", response.Deleted, ns);
        });

    /// <summary>delete_observations.</summary>
    [McpServerTool(Name = "delete_observations", Title = "Delete Observations", ReadOnly = false, Destructive = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Delete specific observations from entities in the knowledge graph. Entities or observations not present are ignored.")]
    public Task<DeleteResult> DeleteObservationsAsync(
        IReadOnlyList<ObservationDeletion> deletions,
        [Description(NamespaceHelp)] string? @namespace = null,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default) =>
        EpisodicTools.Guard(async () =>
        {
            var request = new GraphRequest { Op = GraphOps.DeleteObservations, Observations = deletions?.Select(d => d is null ? null! : new ObservationSet(d.EntityName, d.Observations)).ToList() };
            var (ns, response) = await memory.ExecuteAsync(principals.Resolve(user), @namespace, request, cancellationToken).ConfigureAwait(false);
            await changes.GraphChangedAsync(ns, deletions?.Where(d => d is not null).Select(d => d.EntityName) ?? [], cancellationToken).ConfigureAwait(false);
            return new DeleteResult(true, "Observations deleted successfully", response.Deleted, ns);
        });

    /// <summary>delete_relations.</summary>
    [McpServerTool(Name = "delete_relations", Title = "Delete Relations", ReadOnly = false, Destructive = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Delete multiple relations from the knowledge graph. Relations not present are ignored.")]
    public Task<DeleteResult> DeleteRelationsAsync(
        [Description("An array of relations to delete")] IReadOnlyList<RelationView> relations,
        [Description(NamespaceHelp)] string? @namespace = null,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default) =>
        EpisodicTools.Guard(async () =>
        {
            var request = new GraphRequest { Op = GraphOps.DeleteRelations, Relations = relations?.Select(r => r?.ToRelation()!).ToList() };
            var (ns, response) = await memory.ExecuteAsync(principals.Resolve(user), @namespace, request, cancellationToken).ConfigureAwait(false);
            await changes.GraphChangedAsync(ns, relations?.Where(r => r is not null).SelectMany(r => new[] { r.From, r.To }) ?? [], cancellationToken).ConfigureAwait(false);
            return new DeleteResult(true, "Relations deleted successfully", response.Deleted, ns);
        });

    /// <summary>read_graph.</summary>
    [McpServerTool(Name = "read_graph", Title = "Read Graph", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Read the entire knowledge graph: entities in the order they were created, then relations. A big graph comes in pages within a token budget ('maxTokens', default 8000): 'omitted' says how much is left, and 'nextCursor' gets it.")]
    public Task<GraphPageResult> ReadGraphAsync(
        [Description(CursorHelp)] string? cursor = null,
        [Description(MaxTokensHelp)] int? maxTokens = null,
        [Description(NamespaceHelp)] string? @namespace = null,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default) =>
        EpisodicTools.Guard(async () =>
        {
            var budget = new TokenBudget(maxTokens);
            var position = PageCursor.Decode(cursor, "read_graph", 2) ?? [0, 0];
            long afterEntity = position[0], afterRelation = position[1];
            var principal = principals.Resolve(user);
            var entities = new List<EntityView>();
            var relations = new List<RelationView>();
            var ctx = McpMemoryJsonContext.Default;
            while (true)
            {
                var request = new GraphRequest { Op = GraphOps.ReadGraph, AfterEntity = afterEntity, AfterRelation = afterRelation, Limit = PageSize };
                var (ns, page) = await memory.ExecuteAsync(principal, @namespace, request, cancellationToken).ConfigureAwait(false);
                var full = false;
                foreach (var entity in page.Entities!)
                {
                    var view = EntityView.From(entity);
                    if (!budget.TryAdd(view, ctx.EntityView))
                    {
                        full = true;
                        break;
                    }

                    entities.Add(view);
                    afterEntity = entity.Seq;
                }

                var entitiesDone = !full && page.RemainingEntities == 0;
                if (entitiesDone)
                {
                    foreach (var relation in page.Relations!)
                    {
                        var view = RelationView.Of(relation);
                        if (!budget.TryAdd(view, ctx.RelationView))
                        {
                            full = true;
                            break;
                        }

                        relations.Add(view);
                        afterRelation = relation.Seq;
                    }
                }

                var leftEntities = page.Entities!.Count(e => e.Seq > afterEntity) + page.RemainingEntities;
                var leftRelations = page.Relations!.Count(r => r.Seq > afterRelation) + page.RemainingRelations;
                if (full || leftEntities + leftRelations == 0)
                {
                    var next = leftEntities + leftRelations > 0 ? PageCursor.Encode("read_graph", afterEntity, afterRelation) : null;
                    return new GraphPageResult(entities, relations, next, new OmittedCounts(leftEntities, leftRelations), ns);
                }
            }
        });

    /// <summary>search_nodes.</summary>
    [McpServerTool(Name = "search_nodes", Title = "Search Nodes", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Search for nodes in the knowledge graph based on a query. Finds every entity whose name, type or an observation contains the query (case-insensitive, as the official memory server does; match 'text'), and also the entities closest in meaning (match 'meaning'), with the relations that touch them. Within a token budget ('maxTokens', default 8000), with 'nextCursor' for the rest.")]
    public Task<SearchNodesResult> SearchNodesAsync(
        [Description("The search query to match against entity names, types, and observation content")] string query,
        [Description("Optional: how many of the closest entities by meaning to add (0 turns matching by meaning off); default 10.")] int limit = 10,
        [Description("Optional: the lowest similarity in meaning (cosine, -1 to 1) for a match by meaning; default 0.6; a match must also score within 0.06 of the best match by meaning.")] double? minScore = null,
        [Description("Optional: wait until every entity written before this call can be found by meaning.")] bool waitForEmbeddings = false,
        [Description(CursorHelp)] string? cursor = null,
        [Description(MaxTokensHelp)] int? maxTokens = null,
        [Description(NamespaceHelp)] string? @namespace = null,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default) =>
        EpisodicTools.Guard(async () =>
        {
            if (limit is < 0 or > 200)
            {
                throw new Core.McpMemoryException(Core.McpMemoryErrorCodes.InvalidArgument, $"'limit' is {limit}: use 0 to 200.");
            }

            var request = new GraphRequest
            {
                Op = GraphOps.SearchNodes,
                Query = query,
                K = limit,
                MinScore = minScore is { } m ? (float)m : null,
                WaitForEmbeddings = waitForEmbeddings,
            };
            var (ns, hits, relations, next, omitted) = await PageOfHitsAsync(request, "search_nodes", cursor, maxTokens, @namespace, user, cancellationToken).ConfigureAwait(false);
            return new SearchNodesResult(hits.Select(EntityMatchView.From).ToList(), relations, next, omitted, ns);
        });

    /// <summary>open_nodes.</summary>
    [McpServerTool(Name = "open_nodes", Title = "Open Nodes", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Open specific nodes in the knowledge graph by their names (exact), with every relation that touches one of them. Unknown names are ignored.")]
    public Task<GraphPageResult> OpenNodesAsync(
        [Description("An array of entity names to retrieve")] IReadOnlyList<string> names,
        [Description(CursorHelp)] string? cursor = null,
        [Description(MaxTokensHelp)] int? maxTokens = null,
        [Description(NamespaceHelp)] string? @namespace = null,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default) =>
        EpisodicTools.Guard(async () =>
        {
            var request = new GraphRequest { Op = GraphOps.OpenNodes, Names = names };
            var (ns, hits, relations, next, omitted) = await PageOfHitsAsync(request, "open_nodes", cursor, maxTokens, @namespace, user, cancellationToken).ConfigureAwait(false);
            return new GraphPageResult(hits.Select(h => EntityView.From(h.Entity)).ToList(), relations, next, omitted, ns);
        });

    /// <summary>
    /// Pages through hits that come with the relations touching them: each entity is taken together with its relations
    /// not taken yet, while they fit the budget.
    /// </summary>
    private async Task<(string Namespace, List<EntityHit> Hits, List<RelationView> Relations, string? Next, OmittedCounts Omitted)> PageOfHitsAsync(
        GraphRequest template, string tool, string? cursor, int? maxTokens, string? @namespace, ClaimsPrincipal? user, CancellationToken cancellationToken)
    {
        var budget = new TokenBudget(maxTokens);
        var principal = principals.Resolve(user);
        var hits = new List<EntityHit>();
        var relations = new List<RelationView>();
        var taken = new HashSet<(string, string, string)>();
        var ctx = McpMemoryJsonContext.Default;
        GraphResponse? last = null;
        var takenFromLast = 0;
        var (ns, offset, left) = await OffsetPager.FillAsync(
            (int)(PageCursor.Decode(cursor, tool, 1)?[0] ?? 0),
            async at =>
            {
                var (ns, page) = await memory.ExecuteAsync(principal, @namespace, template with { Offset = at, Limit = OffsetPager.PageSize }, cancellationToken).ConfigureAwait(false);

                // Later pages come from the same search; wait for embeddings only once.
                template = template with { WaitForEmbeddings = false };
                (last, takenFromLast) = (page, 0);
                return (ns, page, page.Total);
            },
            page => page.Hits!,
            (page, hit) =>
            {
                var own = page.Relations!
                    .Where(r => (r.From == hit.Entity.Name || r.To == hit.Entity.Name) && !taken.Contains((r.From, r.To, r.RelationType)))
                    .Select(RelationView.Of)
                    .ToList();
                if (!budget.TryTake(TokenBudget.Tokens(EntityMatchView.From(hit), ctx.EntityMatchView) + own.Sum(r => TokenBudget.Tokens(r, ctx.RelationView))))
                {
                    return false;
                }

                hits.Add(hit);
                foreach (var relation in own)
                {
                    taken.Add((relation.From, relation.To, relation.RelationType));
                    relations.Add(relation);
                    takenFromLast++;
                }

                return true;
            }).ConfigureAwait(false);

        // Relations of entities not returned yet come with those entities on a later page.
        var omittedRelations = left > 0 && last is not null ? Math.Max(0, last.TotalRelations - takenFromLast) : 0;
        return (ns, hits, relations, left > 0 ? PageCursor.Encode(tool, offset) : null, new OmittedCounts(left, omittedRelations));
    }
}
