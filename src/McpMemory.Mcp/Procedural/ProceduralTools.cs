using System.ComponentModel;
using System.Security.Claims;
using System.Text.Json;
using McpMemory.Core.Episodic;
using McpMemory.Core.Procedural;
using McpMemory.Mcp.Episodic;
using McpMemory.Mcp.Identity;
using ModelContextProtocol.Server;

namespace McpMemory.Mcp.Procedural;

/// <summary>
/// The procedural memory tools: skills and workflow templates, saved by name with versions, found by what a task
/// needs, rendered with arguments, and ranked by how well they have worked.
/// </summary>
[McpServerToolType]
public sealed class ProceduralTools(ProceduralMemory skills, PrincipalResolver principals, SkillChangeNotifier changes)
{
    private const string NamespaceHelp = "Namespace to use; leave out for your default namespace. Only namespaces you are allowed are accepted.";

    /// <summary>skill_save.</summary>
    [McpServerTool(Name = "skill_save", Title = "Save a skill", Idempotent = true, Destructive = false, ReadOnly = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Save a skill or workflow template: how to do something, as steps that may hold {parameter} placeholders. " +
        "A new name is version 1; saving an existing name with any change makes the next version (the result says which it replaced), and saving it unchanged changes nothing. " +
        "Outcomes recorded for the name are kept across versions. Every skill is also an MCP prompt (its name) and a resource (skill://NAMESPACE/NAME).")]
    public Task<SkillSaveResult> SaveAsync(
        [Description("The skill's name: 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit; exact and case-sensitive.")] string name,
        [Description("What it does and when to use it; search matches on it.")] string description,
        [Description("The steps in order. A step may use {parameter} placeholders for declared parameters; write {{ and }} for literal braces.")] IReadOnlyList<string> steps,
        [Description("The parameters its steps use: name, description, required, default, values (allowed values).")] IReadOnlyList<SkillParameterInput>? parameters = null,
        [Description("Labels to find and filter it by.")] IReadOnlyList<string>? tags = null,
        [Description("The tools it needs (tool names).")] IReadOnlyList<string>? tools = null,
        [Description("'skill' (default) or 'workflow' (an ordered procedure, usually over several tools).")] string kind = SkillKinds.Skill,
        [Description(NamespaceHelp)] string? @namespace = null,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default) =>
        EpisodicTools.Guard(async () =>
        {
            var input = new Skill
            {
                Name = name,
                Kind = kind,
                Description = description,
                Steps = steps ?? [],
                Parameters = [.. (parameters ?? []).Select(p => p is null ? null! : new SkillParameter
                {
                    Name = p.Name, Description = p.Description, Required = p.Required, Default = p.Default, Values = p.Values ?? [],
                })],
                Tags = tags ?? [],
                Tools = tools ?? [],
            };
            var (ns, outcome) = await skills.SaveAsync(principals.Resolve(user), @namespace, input, cancellationToken).ConfigureAwait(false);
            if (outcome.Changed)
            {
                await changes.SkillChangedAsync(ns, outcome.Skill.Name, cancellationToken).ConfigureAwait(false);
            }

            var saved = outcome.Skill;
            var message = !outcome.Changed
                ? $"'{saved.Name}' is unchanged: version {saved.Version} is kept."
                : outcome.PreviousVersion is { } previous
                    ? $"Saved '{saved.Name}' as version {saved.Version}, replacing version {previous}."
                    : $"Saved new {saved.Kind} '{saved.Name}' as version 1.";
            return new SkillSaveResult
            {
                Namespace = ns,
                Skill = SkillView.From(ns, saved),
                Created = outcome.Changed && outcome.PreviousVersion is null,
                NewVersion = outcome.Changed,
                PreviousVersion = outcome.Changed ? outcome.PreviousVersion : null,
                Message = message,
            };
        });

    /// <summary>skill_search.</summary>
    [McpServerTool(Name = "skill_search", Title = "Find skills for a task", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Find the skills and workflows that fit a task, by meaning and keywords (hybrid by default), optionally only those with given tags or tools. " +
        "They are ranked by relevance mixed with how well each has worked: a success rate from recorded outcomes, recent ones counting most (see the README for the formula). " +
        "Each hit gives the skill, its score, relevance and outcome statistics.")]
    public Task<SkillSearchResult> SearchAsync(
        [Description("The task, in natural language or keywords.")] string query,
        [Description("How many skills to return (1-200).")] int k = 5,
        [Description("Only skills with every one of these tags (case-insensitive).")] IReadOnlyList<string>? tags = null,
        [Description("Only skills that list every one of these tools (case-insensitive).")] IReadOnlyList<string>? tools = null,
        [Description("Only 'skill' or only 'workflow'; leave out for both.")] string? kind = null,
        [Description("Relevance ranking: 'hybrid' (meaning + keywords, default), 'dense' (meaning only) or 'keyword' (BM25 only).")] string mode = "hybrid",
        [Description("Wait until every skill saved before can be found by meaning (default true).")] bool wait_for_embeddings = true,
        [Description(NamespaceHelp)] string? @namespace = null,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default) =>
        EpisodicTools.Guard(async () =>
        {
            var searchMode = EpisodicMemory.ParseMode(mode);
            var (ns, hits) = await skills.SearchAsync(principals.Resolve(user), @namespace, new SkillSearchQuery
            {
                Text = query, K = k, Mode = searchMode, Tags = tags ?? [], Tools = tools ?? [], Kind = kind, WaitForEmbeddings = wait_for_embeddings,
            }, cancellationToken).ConfigureAwait(false);
            return new SkillSearchResult
            {
                Namespace = ns,
                Mode = searchMode.ToString().ToLowerInvariant(),
                Hits = [.. hits.Select(h => new SkillSearchHit
                {
                    Skill = SkillView.From(ns, h.Skill),
                    Score = Math.Round(h.Score, 6),
                    Relevance = Math.Round(h.Relevance, 6),
                    Stats = SkillStatsView.From(h.Stats),
                    DenseRank = h.DenseRank,
                    KeywordRank = h.KeywordRank,
                })],
            };
        });

    /// <summary>skill_get.</summary>
    [McpServerTool(Name = "skill_get", Title = "Get a skill", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Get a skill by name with its outcome statistics, and with 'arguments' its steps rendered: placeholders filled in, defaults applied. " +
        "An argument that is not a parameter, a missing required one, or a value outside a parameter's allowed values is an error that names it.")]
    public Task<SkillGetResult> GetAsync(
        [Description("The skill's name (exact).")] string name,
        [Description("Values for its parameters, a JSON object such as {\"service\":\"billing\"}; give it (even {}) to have the steps rendered.")] JsonElement? arguments = null,
        [Description(NamespaceHelp)] string? @namespace = null,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default) =>
        EpisodicTools.Guard(async () =>
        {
            var values = arguments is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } given ? SkillArguments.From(given, "arguments") : null;
            var (ns, skill, stats) = await skills.GetAsync(principals.Resolve(user), @namespace, name, cancellationToken).ConfigureAwait(false);
            return new SkillGetResult
            {
                Namespace = ns,
                Skill = SkillView.From(ns, skill),
                Stats = SkillStatsView.From(stats),
                Rendered = values is null ? null : RenderedSkillView.From(ProceduralMemory.Render(skill, values)),
            };
        });

    /// <summary>skill_record_outcome.</summary>
    [McpServerTool(Name = "skill_record_outcome", Title = "Record how a skill went", Idempotent = false, Destructive = false, ReadOnly = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Record one use of a skill: success or failure, how long it took and a note. Outcomes make skills that work rank higher in skill_search; older outcomes count less (half as much every half-life, 30 days by default).")]
    public Task<SkillOutcomeResult> RecordOutcomeAsync(
        [Description("The skill's name (exact).")] string name,
        [Description("True when it worked, false when it failed.")] bool success,
        [Description("How long it took, in milliseconds.")] double? duration_ms = null,
        [Description("What happened: what went wrong, what helped (up to 2000 characters).")] string? note = null,
        [Description(NamespaceHelp)] string? @namespace = null,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default) =>
        EpisodicTools.Guard(async () =>
        {
            var (ns, skill, stats) = await skills.RecordOutcomeAsync(principals.Resolve(user), @namespace, name, success, duration_ms, note, cancellationToken).ConfigureAwait(false);
            await changes.OutcomeRecordedAsync(ns, skill.Name, cancellationToken).ConfigureAwait(false);
            return new SkillOutcomeResult { Namespace = ns, Name = skill.Name, Version = skill.Version, Success = success, Stats = SkillStatsView.From(stats) };
        });

    /// <summary>skill_delete.</summary>
    [McpServerTool(Name = "skill_delete", Title = "Delete a skill", Destructive = true, Idempotent = false, ReadOnly = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Delete a skill by name: every version and every recorded outcome. Its prompt and resource go with it.")]
    public Task<SkillDeleteResult> DeleteAsync(
        [Description("The skill's name (exact).")] string name,
        [Description(NamespaceHelp)] string? @namespace = null,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default) =>
        EpisodicTools.Guard(async () =>
        {
            var (ns, versions, outcomes) = await skills.DeleteAsync(principals.Resolve(user), @namespace, name, cancellationToken).ConfigureAwait(false);
            await changes.SkillChangedAsync(ns, name, cancellationToken).ConfigureAwait(false);
            return new SkillDeleteResult { Namespace = ns, Name = name, Versions = versions, Outcomes = outcomes };
        });
}
