using System.ComponentModel;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using McpMemory.Core;
using McpMemory.Core.Identity;
using McpMemory.Core.Semantic;
using McpMemory.Mcp.Budgets;
using McpMemory.Mcp.Identity;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpMemory.Mcp.Semantic;

/// <summary>
/// The knowledge graph as MCP resources: an entity with its relations and current facts, an entity's neighbourhood
/// one hop out, and the official memory server's whole-graph resource. Each answer is JSON within the default token
/// budget (<see cref="TokenBudget.DefaultMaxTokens"/>) and says what it left out. Names in URIs are exact and escaped
/// with <see cref="Uri.EscapeDataString(string)"/>; a namespace must be one the caller may read. Clients can subscribe
/// to each (see <see cref="Notifications.ResourceSubscriptionHandlers"/>); writes through the graph tools then send
/// <c>notifications/resources/updated</c>.
/// </summary>
[McpServerResourceType]
public sealed class KnowledgeGraphResources(SemanticMemory memory, PrincipalResolver principals, GraphChangeNotifier changes)
{
    private const string JsonMime = "application/json";
    private const int FactPage = 500;
    private const int NeighborPage = 1_000;

    /// <summary><c>graph://{namespace}/entity/{name}</c>.</summary>
    [McpServerResource(UriTemplate = GraphResourceUri.EntityTemplate, Name = "graph-entity", Title = "Entity", MimeType = JsonMime)]
    [Description("An entity of the knowledge graph (exact name, escaped as URI data) with every relation that touches it and the facts about it that hold now, as JSON within 8000 tokens; 'omitted' counts what did not fit.")]
    public Task<TextResourceContents> EntityAsync(RequestContext<ReadResourceRequestParams> request, string @namespace, string name, ClaimsPrincipal? user = null, CancellationToken cancellationToken = default) =>
        GuardAsync(request, async () =>
        {
            ArgumentNullException.ThrowIfNull(request);
            var principal = principals.Resolve(user);
            var (ns, opened) = await memory.ExecuteAsync(principal, @namespace, new GraphRequest { Op = GraphOps.OpenNodes, Names = [name], Limit = 1 }, cancellationToken).ConfigureAwait(false);
            var entity = opened.Hits!.FirstOrDefault()?.Entity ?? throw NotFound(ns, name);
            var (_, facts) = await memory.ExecuteAsync(principal, ns, new GraphRequest { Op = GraphOps.QueryFacts, Entity = entity.Name, Limit = FactPage }, cancellationToken).ConfigureAwait(false);

            var budget = new TokenBudget(null);
            var ctx = GraphResourceJsonContext.Default;
            var view = EntityView.From(entity);
            budget.TryAdd(view, ctx.EntityView);
            var relations = Fit(budget, opened.Relations!.Select(RelationView.Of), ctx.RelationView);
            var kept = Fit(budget, facts.Facts!, ctx.GraphFact);
            var omitted = new ResourceOmissions(0, opened.Relations!.Count - relations.Count, facts.Total - kept.Count);
            var note = omitted.Any
                ? $"Left out to stay within {budget.Max} tokens: {omitted.Relations} relations and {omitted.Facts} facts. open_nodes with names ['{name}'] pages through every relation."
                : null;
            var content = new EntityResource(ns, view, relations, kept, omitted, note);
            return Json(request, content, ctx.EntityResource);
        });

    /// <summary><c>graph://{namespace}/neighborhood/{name}</c>.</summary>
    [McpServerResource(UriTemplate = GraphResourceUri.NeighborhoodTemplate, Name = "graph-neighborhood", Title = "Entity neighbourhood", MimeType = JsonMime)]
    [Description("An entity of the knowledge graph (exact name, escaped as URI data), the entities one relation away in either direction, and every relation among them, as JSON within 8000 tokens; 'omitted' counts what did not fit.")]
    public Task<TextResourceContents> NeighborhoodAsync(RequestContext<ReadResourceRequestParams> request, string @namespace, string name, ClaimsPrincipal? user = null, CancellationToken cancellationToken = default) =>
        GuardAsync(request, async () =>
        {
            ArgumentNullException.ThrowIfNull(request);
            var principal = principals.Resolve(user);
            var (ns, opened) = await memory.ExecuteAsync(principal, @namespace, new GraphRequest { Op = GraphOps.OpenNodes, Names = [name], Limit = 1 }, cancellationToken).ConfigureAwait(false);
            var center = opened.Hits!.FirstOrDefault()?.Entity ?? throw NotFound(ns, name);
            var (_, around) = await memory.ExecuteAsync(
                principal, ns, new GraphRequest { Op = GraphOps.Subgraph, Entity = center.Name, Depth = 1, Direction = "both", Limit = NeighborPage }, cancellationToken).ConfigureAwait(false);

            // Nearest first (the centre, then its neighbours in creation order), each with the relations that join it to
            // entities already taken, while they fit.
            var budget = new TokenBudget(null);
            var ctx = GraphResourceJsonContext.Default;
            var view = EntityView.From(center);
            budget.TryAdd(view, ctx.EntityView);
            var taken = new HashSet<string>(StringComparer.Ordinal) { center.Name };
            var neighbors = new List<EntityView>();
            var relations = new List<GraphRelation>();
            var all = around.Relations!;
            var self = all.Where(r => r.From == center.Name && r.To == center.Name).ToList();
            var tokens = self.Sum(r => TokenBudget.Tokens(RelationView.Of(r), ctx.RelationView));
            if (self.Count > 0 && budget.TryTake(tokens))
            {
                relations.AddRange(self);
            }

            foreach (var hit in around.Hits!.Where(h => h.Entity.Name != center.Name))
            {
                var joining = all.Where(r => (r.From == hit.Entity.Name && (taken.Contains(r.To) || r.To == hit.Entity.Name)) || (r.To == hit.Entity.Name && taken.Contains(r.From))).ToList();
                var neighbor = EntityView.From(hit.Entity);
                var cost = TokenBudget.Tokens(neighbor, ctx.EntityView) + joining.Sum(r => TokenBudget.Tokens(RelationView.Of(r), ctx.RelationView));
                if (!budget.TryTake(cost))
                {
                    break;
                }

                taken.Add(hit.Entity.Name);
                neighbors.Add(neighbor);
                relations.AddRange(joining);
            }

            var omitted = new ResourceOmissions(around.Total - 1 - neighbors.Count, Math.Max(0, all.Count - relations.Count), 0);
            var note = omitted.Entities > 0
                ? $"Left out to stay within {budget.Max} tokens: {omitted.Entities} neighbours and {omitted.Relations} relations. graph_neighbors or open_nodes with names ['{name}'] page through them."
                : null;
            var content = new NeighborhoodResource(ns, view, neighbors, [.. relations.OrderBy(r => r.Seq).Select(RelationView.Of)], omitted, note);
            return Json(request, content, ctx.NeighborhoodResource);
        });

    /// <summary><c>memory://knowledge-graph</c>, as the official memory server names it.</summary>
    [McpServerResource(UriTemplate = GraphResourceUri.WholeGraph, Name = "knowledge-graph", Title = "Knowledge Graph", MimeType = JsonMime)]
    [Description("The full knowledge graph with all entities and relations (of your default namespace), as JSON within 8000 tokens: 'omitted' counts what did not fit, and read_graph with 'nextCursor' returns the rest.")]
    public Task<TextResourceContents> WholeGraphAsync(RequestContext<ReadResourceRequestParams> request, ClaimsPrincipal? user = null, CancellationToken cancellationToken = default) =>
        GuardAsync(request, async () =>
        {
            ArgumentNullException.ThrowIfNull(request);
            var page = await new KnowledgeGraphTools(memory, principals, changes).ReadGraphAsync(user: user, cancellationToken: cancellationToken).ConfigureAwait(false);
            var omitted = new ResourceOmissions(page.Omitted.Entities, page.Omitted.Relations, 0);
            var note = omitted.Any
                ? $"Left out to stay within {TokenBudget.DefaultMaxTokens} tokens: {omitted.Entities} entities and {omitted.Relations} relations. read_graph with cursor '{page.NextCursor}' returns the rest."
                : null;
            var content = new KnowledgeGraphResource(page.Entities, page.Relations, omitted, page.NextCursor, page.Namespace, note);
            return Json(request, content, GraphResourceJsonContext.Default.KnowledgeGraphResource);
        });

    private static List<T> Fit<T>(TokenBudget budget, IEnumerable<T> items, JsonTypeInfo<T> type)
    {
        var kept = new List<T>();
        foreach (var item in items)
        {
            if (!budget.TryAdd(item, type))
            {
                break;
            }

            kept.Add(item);
        }

        return kept;
    }

    private static TextResourceContents Json<T>(RequestContext<ReadResourceRequestParams> request, T content, JsonTypeInfo<T> type) =>
        new() { Uri = request.Params!.Uri, MimeType = JsonMime, Text = JsonSerializer.Serialize(content, type) };

    private static McpMemoryException NotFound(string ns, string name) =>
        new(McpMemoryErrorCodes.NotFound, $"'{name}' is not an entity in namespace '{ns}' (names in graph:// URIs are exact and case-sensitive, escaped as URI data). Find the name with search_nodes.");

    /// <summary>Turns our errors into MCP protocol errors: not found as the protocol revision wants it, the caller's mistakes as invalid params.</summary>
    private static async Task<TextResourceContents> GuardAsync(RequestContext<ReadResourceRequestParams> request, Func<Task<TextResourceContents>> read)
    {
        try
        {
            return await read().ConfigureAwait(false);
        }
        catch (McpMemoryException ex)
        {
            var code = ex.Code switch
            {
                McpMemoryErrorCodes.NotFound => string.CompareOrdinal(request.Server.NegotiatedProtocolVersion, "2026-07-28") >= 0 ? McpErrorCode.InvalidParams : McpErrorCode.ResourceNotFound,
                McpMemoryErrorCodes.InvalidArgument or McpMemoryErrorCodes.NamespaceDenied => McpErrorCode.InvalidParams,
                _ => McpErrorCode.InternalError,
            };
            throw new McpProtocolException($"{ex.Message} [{ex.Code}]", ex, code);
        }
        catch (McpException ex) when (ex is not McpProtocolException)
        {
            // read_graph's errors, already worded for a client.
            throw new McpProtocolException(ex.Message, ex, McpErrorCode.InternalError);
        }
    }
}
