using System.ComponentModel;
using System.Security.Claims;
using McpMemory.Core.Episodic;
using McpMemory.Core.Semantic;
using McpMemory.Mcp.Budgets;
using McpMemory.Mcp.Episodic;
using McpMemory.Mcp.Identity;
using ModelContextProtocol.Server;

namespace McpMemory.Mcp.Semantic;

/// <summary>
/// Bi-temporal facts about entities: what held in the world when (valid time), and what we believed when (knowledge
/// time). Facts use declared predicates; a new fact on a single-valued predicate supersedes an overlapping older one
/// instead of deleting it.
/// </summary>
[McpServerToolType]
public sealed class FactTools(SemanticMemory memory, PrincipalResolver principals, GraphChangeNotifier changes)
{
    private const string NamespaceHelp = KnowledgeGraphTools.NamespaceHelp;

    /// <summary>predicate_define.</summary>
    [McpServerTool(Name = "predicate_define", Title = "Declare a fact predicate", ReadOnly = false, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Declare a predicate for facts, such as lives_in (single-valued: a person lives in one place at a time, so a new fact supersedes the old) or likes (multi-valued). " +
        "'object_kind' says whether its object is another entity or a literal value. Declaring it again with the same settings changes nothing. " +
        "Making a multi-valued predicate single-valued is refused while a subject holds overlapping current facts of it with different objects (supersede one first).")]
    public Task<PredicateResult> DefineAsync(
        [Description("The predicate, such as 'lives_in' (stored lower-case, spaces as '_').")] string name,
        [Description("True when a subject holds one object at a time (a new overlapping fact supersedes the older one).")] bool single_valued = false,
        [Description("'entity' (the object is an entity of the graph) or 'value' (a literal such as a date, number or text).")] string object_kind = "entity",
        [Description("What the predicate means.")] string? description = null,
        [Description(NamespaceHelp)] string? @namespace = null,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default) =>
        EpisodicTools.Guard(async () =>
        {
            var request = new GraphRequest
            {
                Op = GraphOps.DefinePredicate,
                Predicate = new GraphPredicate { Name = name, SingleValued = single_valued, ObjectKind = object_kind, Description = description },
            };
            var (ns, response) = await memory.ExecuteAsync(principals.Resolve(user), @namespace, request, cancellationToken).ConfigureAwait(false);
            return new PredicateResult(response.Predicates!, response.Note, ns);
        });

    /// <summary>predicate_list.</summary>
    [McpServerTool(Name = "predicate_list", Title = "List fact predicates", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("List the declared fact predicates of a namespace, with whether each is single-valued and what its object is.")]
    public Task<PredicateResult> ListAsync(
        [Description(NamespaceHelp)] string? @namespace = null,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default) =>
        EpisodicTools.Guard(async () =>
        {
            var (ns, response) = await memory.ExecuteAsync(principals.Resolve(user), @namespace, new GraphRequest { Op = GraphOps.ListPredicates }, cancellationToken).ConfigureAwait(false);
            return new PredicateResult(response.Predicates!, null, ns);
        });

    /// <summary>fact_add.</summary>
    [McpServerTool(Name = "fact_add", Title = "Record a fact", ReadOnly = false, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Record a fact: subject (an entity), a declared predicate, and an object entity or a literal value, true in the world from valid_from (default now) until valid_to (default: still true). " +
        "On a single-valued predicate, an overlapping fact with another object is superseded: it is closed at valid_from and kept in history, never deleted; a fact without valid_to that starts before a later known fact ends where that one begins (the answer's note says so). Recording what is already recorded changes nothing.")]
    public Task<FactWriteResult> AddAsync(
        [Description("The entity the fact is about (exact name, normalised name or alias).")] string subject,
        [Description("A declared predicate (see predicate_define).")] string predicate,
        [Description("The object entity, for predicates whose object_kind is 'entity'.")] string? @object = null,
        [Description("The literal value, for predicates whose object_kind is 'value'.")] string? value = null,
        [Description("When it became true in the world, ISO 8601; default now.")] string? valid_from = null,
        [Description("When it stopped being true in the world (exclusive), ISO 8601; default: still true.")] string? valid_to = null,
        [Description("Where the fact came from (a document, a conversation, a person).")] string? source = null,
        [Description(NamespaceHelp)] string? @namespace = null,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default) =>
        EpisodicTools.Guard(async () =>
        {
            var fact = new GraphFact
            {
                Id = "",
                Subject = subject,
                Predicate = predicate,
                Object = @object,
                Value = value,
                ValidFrom = TimeRange.Parse(valid_from, "valid_from"),
                ValidTo = TimeRange.Parse(valid_to, "valid_to"),
                Source = source,
            };
            var (ns, response) = await memory.ExecuteAsync(principals.Resolve(user), @namespace, new GraphRequest { Op = GraphOps.AddFact, Fact = fact }, cancellationToken).ConfigureAwait(false);
            await changes.FactsChangedAsync(ns, Touched(response), cancellationToken).ConfigureAwait(false);
            return ToResult(response, ns);
        });

    /// <summary>fact_supersede.</summary>
    [McpServerTool(Name = "fact_supersede", Title = "Supersede a fact", ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Replace a current fact by a new one from valid_from (default now): the old fact is closed at that moment and kept in history, and the new object or value holds from then on. Works on any predicate.")]
    public Task<FactWriteResult> SupersedeAsync(
        [Description("The id of the current fact version to supersede (from fact_query or fact_history).")] string fact_id,
        [Description("The new object entity, for predicates whose object_kind is 'entity'.")] string? @object = null,
        [Description("The new literal value, for predicates whose object_kind is 'value'.")] string? value = null,
        [Description("When the change happened in the world, ISO 8601; default now.")] string? valid_from = null,
        [Description("When the new fact stops being true (exclusive), ISO 8601; default: still true.")] string? valid_to = null,
        [Description("Where the new fact came from.")] string? source = null,
        [Description(NamespaceHelp)] string? @namespace = null,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default) =>
        EpisodicTools.Guard(async () =>
        {
            var fact = new GraphFact
            {
                Id = "",
                Subject = "",
                Predicate = "",
                Object = @object,
                Value = value,
                ValidFrom = TimeRange.Parse(valid_from, "valid_from"),
                ValidTo = TimeRange.Parse(valid_to, "valid_to"),
                Source = source,
            };
            var request = new GraphRequest { Op = GraphOps.SupersedeFact, FactId = fact_id, Fact = fact };
            var (ns, response) = await memory.ExecuteAsync(principals.Resolve(user), @namespace, request, cancellationToken).ConfigureAwait(false);
            await changes.FactsChangedAsync(ns, Touched(response), cancellationToken).ConfigureAwait(false);
            return ToResult(response, ns);
        });

    /// <summary>fact_history.</summary>
    [McpServerTool(Name = "fact_history", Title = "Fact history", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Every version of the facts about a subject (optionally one predicate), current and invalidated, in the order they were recorded: how what we know changed over time.")]
    public Task<FactListResult> HistoryAsync(
        [Description("The entity (exact name, normalised name or alias).")] string subject,
        [Description("Only this predicate.")] string? predicate = null,
        [Description("The 'next_cursor' of the previous answer.")] string? cursor = null,
        [Description("The most tokens (cl100k) the answer may take; default 8000.")] int? max_tokens = null,
        [Description(NamespaceHelp)] string? @namespace = null,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default) =>
        EpisodicTools.Guard(() => PageAsync(
            new GraphRequest { Op = GraphOps.FactHistory, Entity = subject, Predicate = predicate is null ? null : new GraphPredicate { Name = predicate, ObjectKind = "" } },
            "fact_history", cursor, max_tokens, @namespace, user, null, null, cancellationToken));

    /// <summary>fact_query.</summary>
    [McpServerTool(Name = "fact_query", Title = "Query facts", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("What was true at 'valid_at' in the world (default now), as we knew it at 'known_at' (default now). Filter by subject, predicate and object or value. " +
        "Ask valid_at=2020-01-01 for the past; ask known_at=last week to see what we believed then, before later corrections.")]
    public Task<FactListResult> QueryAsync(
        [Description("Only facts about this entity.")] string? subject = null,
        [Description("Only this predicate.")] string? predicate = null,
        [Description("Only facts whose object is this entity or whose value is this text.")] string? @object = null,
        [Description("The moment in the world, ISO 8601; default now.")] string? valid_at = null,
        [Description("The moment of knowledge, ISO 8601; default now.")] string? known_at = null,
        [Description("The 'next_cursor' of the previous answer.")] string? cursor = null,
        [Description("The most tokens (cl100k) the answer may take; default 8000.")] int? max_tokens = null,
        [Description(NamespaceHelp)] string? @namespace = null,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default) =>
        EpisodicTools.Guard(() =>
        {
            var validAt = TimeRange.Parse(valid_at, "valid_at");
            var knownAt = TimeRange.Parse(known_at, "known_at");
            var request = new GraphRequest
            {
                Op = GraphOps.QueryFacts,
                Entity = subject,
                Predicate = predicate is null ? null : new GraphPredicate { Name = predicate, ObjectKind = "" },
                Object = @object,
                ValidAt = validAt,
                KnownAt = knownAt,
            };
            return PageAsync(request, "fact_query", cursor, max_tokens, @namespace, user, validAt, knownAt, cancellationToken);
        });

    /// <summary>The entities whose resources a fact write changed: the subjects (an entity's resource lists its current facts).</summary>
    private static IEnumerable<string> Touched(GraphResponse response) =>
        response.Unchanged ? [] : (response.Facts ?? []).Concat(response.Superseded ?? []).Select(f => f.Subject).Distinct(StringComparer.Ordinal);

    private static FactWriteResult ToResult(GraphResponse response, string ns) =>
        new(response.Facts![0], response.Unchanged, response.Superseded ?? [], response.Note, ns);

    private async Task<FactListResult> PageAsync(GraphRequest template, string tool, string? cursor, int? maxTokens, string? @namespace, ClaimsPrincipal? user, DateTimeOffset? validAt, DateTimeOffset? knownAt, CancellationToken cancellationToken)
    {
        var budget = new TokenBudget(maxTokens, "max_tokens");
        var principal = principals.Resolve(user);
        var facts = new List<GraphFact>();
        var (ns, offset, left) = await OffsetPager.FillAsync(
            (int)(PageCursor.Decode(cursor, tool, 1)?[0] ?? 0),
            async at =>
            {
                var (ns, page) = await memory.ExecuteAsync(principal, @namespace, template with { Offset = at, Limit = OffsetPager.PageSize }, cancellationToken).ConfigureAwait(false);
                return (ns, page, page.Total);
            },
            page => page.Facts!,
            (_, fact) =>
            {
                if (!budget.TryAdd(fact, McpMemoryJsonContext.Default.GraphFact))
                {
                    return false;
                }

                facts.Add(fact);
                return true;
            }).ConfigureAwait(false);
        return new FactListResult(facts, validAt, knownAt, left > 0 ? PageCursor.Encode(tool, offset) : null, left, ns);
    }
}
