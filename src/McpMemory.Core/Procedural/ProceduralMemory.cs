using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using McpMemory.Core.Episodic;
using McpMemory.Core.Identity;
using McpMemory.Core.Storage;
using Microsoft.Extensions.Options;

namespace McpMemory.Core.Procedural;

/// <summary>
/// Procedural memory: skills and workflow templates, versioned by name, with the outcomes of their use. Each version
/// is a record of the episode store in the namespace's hidden companion (<see cref="CompanionNamespace.Skills"/>), in the
/// conversation <c>skill:NAME</c>; each outcome is a record in the conversation <c>outcome:NAME</c>. So writes are
/// durable and visible to the next call, skills are found by meaning and keywords, shared between processes and backed
/// up like everything else. Saving a changed skill writes the next version and then removes the older ones (the
/// store's client ids make two saves of one version at once impossible: the second takes the version after).
/// </summary>
public sealed partial class ProceduralMemory
{
    /// <summary>The most characters of a skill's name.</summary>
    public const int MaxNameLength = 64;

    /// <summary>The most steps of a skill.</summary>
    public const int MaxSteps = 100;

    /// <summary>The most parameters, tags or tools of a skill.</summary>
    public const int MaxItems = 50;

    /// <summary>The most characters of a note on an outcome.</summary>
    public const int MaxNoteLength = 2_000;

    private const string SkillSession = "skill";
    private const string OutcomeSession = "outcome";
    private const int MaxCandidates = 1_000;

    private readonly IEpisodeStore _store;
    private readonly McpMemoryOptions _options;

    /// <summary>Creates the service.</summary>
    public ProceduralMemory(IEpisodeStore store, IOptions<McpMemoryOptions> options)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _options = options.Value;
    }

    private ProceduralOptions Options => _options.Procedural;

    private TimeProvider Clock => Options.TimeProvider ?? _options.TimeProvider;

    /// <summary>Checks a skill as a caller gave it and returns it cleaned up (trimmed, duplicates dropped), version unset.</summary>
    public Skill Validate(Skill input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var name = ValidateName(input.Name);
        var kind = (input.Kind ?? SkillKinds.Skill).Trim().ToLowerInvariant() switch
        {
            "" or SkillKinds.Skill => SkillKinds.Skill,
            SkillKinds.Workflow => SkillKinds.Workflow,
            _ => throw Invalid($"'kind' value '{input.Kind}' is unknown: use 'skill' or 'workflow'."),
        };
        if (string.IsNullOrWhiteSpace(input.Description))
        {
            throw Invalid("'description' is empty: say what the skill does and when to use it (search matches on it).");
        }

        if (input.Steps is null || input.Steps.Count == 0)
        {
            throw Invalid("'steps' is empty: give at least one step (text, with {parameter} placeholders where arguments go).");
        }

        if (input.Steps.Count > MaxSteps)
        {
            throw Invalid($"'steps' holds {input.Steps.Count} steps; the limit is {MaxSteps}.");
        }

        var parameters = new List<SkillParameter>();
        foreach (var (parameter, i) in (input.Parameters ?? []).Select((p, i) => (p, i)))
        {
            var field = $"parameters[{i}]";
            if (parameter is null || string.IsNullOrWhiteSpace(parameter.Name) || !ParameterPattern().IsMatch(parameter.Name))
            {
                throw Invalid($"'{field}.name' value '{parameter?.Name}' is not a valid parameter name: use letters, digits and '_', starting with a letter or '_', at most 64 characters.");
            }

            if (parameters.Any(p => p.Name == parameter.Name))
            {
                throw Invalid($"'{field}.name' repeats parameter '{parameter.Name}': each parameter is declared once.");
            }

            var values = (parameter.Values ?? []).Where(v => v is not null).Distinct(StringComparer.Ordinal).ToList();
            if (parameter.Required && parameter.Default is not null)
            {
                throw Invalid($"'{field}' ('{parameter.Name}') is required and has a default; a default only makes sense for an optional parameter: drop one of them.");
            }

            if (parameter.Default is not null && values.Count > 0 && !values.Contains(parameter.Default, StringComparer.Ordinal))
            {
                throw Invalid($"'{field}.default' ('{parameter.Default}') is not one of the parameter's 'values'.");
            }

            parameters.Add(parameter with { Description = NullIfEmpty(parameter.Description), Values = values });
        }

        if (parameters.Count > MaxItems)
        {
            throw Invalid($"'parameters' holds {parameters.Count} parameters; the limit is {MaxItems}.");
        }

        var steps = new List<string>(input.Steps.Count);
        for (var i = 0; i < input.Steps.Count; i++)
        {
            var step = input.Steps[i];
            if (string.IsNullOrWhiteSpace(step))
            {
                throw Invalid($"'steps[{i}]' is empty: every step needs text.");
            }

            foreach (var placeholder in SkillTemplate.Placeholders(step))
            {
                if (!parameters.Any(p => p.Name == placeholder))
                {
                    throw Invalid($"'steps[{i}]' uses placeholder '{{{placeholder}}}', but no parameter '{placeholder}' is declared: add it to 'parameters', or write '{{{{{placeholder}}}}}' for literal braces.");
                }
            }

            steps.Add(step.Trim());
        }

        var skill = new Skill
        {
            Name = name,
            Kind = kind,
            Description = input.Description.Trim(),
            Parameters = parameters,
            Steps = steps,
            Tags = Labels(input.Tags, "tags"),
            Tools = Labels(input.Tools, "tools"),
        };
        var bytes = Encoding.UTF8.GetByteCount(JsonSerializer.Serialize(skill, ProceduralJsonContext.Default.Skill));
        if (bytes > Options.MaxSkillBytes)
        {
            throw Invalid($"The skill is {bytes} bytes as JSON; the limit is {Options.MaxSkillBytes} (McpMemory:Procedural:MaxSkillBytes). Shorten its steps or split it.");
        }

        return skill;
    }

    /// <summary>
    /// Saves a skill: a new name becomes version 1, a changed skill the next version of its name (older versions are
    /// removed; outcomes are kept), and a skill equal to the stored version changes nothing.
    /// </summary>
    public async Task<(string Namespace, SkillSaveOutcome Outcome)> SaveAsync(MemoryPrincipal principal, string? ns, Skill input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var target = principal.ResolveNamespace(ns, NamespaceAccess.Write);
        var skill = Validate(input);
        var store = CompanionNamespace.Skills.For(target);
        for (var attempt = 0; attempt < 8; attempt++)
        {
            var versions = await VersionsAsync(store, skill.Name, cancellationToken).ConfigureAwait(false);
            var latest = versions.Count == 0 ? null : versions.MaxBy(v => v.Skill.Version).Skill;
            if (latest is not null && SameDefinition(latest, skill))
            {
                return (target, new SkillSaveOutcome(latest, latest.Version, Changed: false));
            }

            var now = Now();
            var saved = skill with { Version = (latest?.Version ?? 0) + 1, SavedAt = now };
            var record = new Episode
            {
                Id = "skl_" + Guid.CreateVersion7(now).ToString("N"),
                Text = SearchText(saved),
                Timestamp = now,
                ConversationId = SkillConversation(saved.Name),
                SessionId = SkillSession,
                Metadata = JsonSerializer.Serialize(saved, ProceduralJsonContext.Default.Skill),
                ClientId = $"skill:{saved.Name}:v{saved.Version}",
                RecordedAt = now,
            };
            var outcome = await _store.AddAsync(store, [record], cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!outcome[0].Created)
            {
                // Another save took this version first: look again.
                continue;
            }

            if (versions.Count > 0)
            {
                await _store.DeleteAsync(store, new EpisodeDeletion { Ids = [.. versions.Select(v => v.Id)] }, cancellationToken).ConfigureAwait(false);
            }

            return (target, new SkillSaveOutcome(saved, latest?.Version, Changed: true));
        }

        throw new McpMemoryException(McpMemoryErrorCodes.Unavailable, $"Skill '{skill.Name}' is being saved by others at the same time; try again.");
    }

    /// <summary>The latest version of a skill and its outcome statistics; not found when the name is unknown.</summary>
    public async Task<(string Namespace, Skill Skill, SkillStats Stats)> GetAsync(MemoryPrincipal principal, string? ns, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var target = principal.ResolveNamespace(ns, NamespaceAccess.Read);
        var store = CompanionNamespace.Skills.For(target);
        var skill = await LatestAsync(store, target, name, cancellationToken).ConfigureAwait(false);
        var stats = await StatsAsync(store, skill.Name, cancellationToken).ConfigureAwait(false);
        return (target, skill, stats);
    }

    /// <summary>The latest version of a skill, or null when the name is unknown.</summary>
    public async Task<Skill?> FindAsync(MemoryPrincipal principal, string? ns, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var target = principal.ResolveNamespace(ns, NamespaceAccess.Read);
        if (string.IsNullOrWhiteSpace(name) || !NamePattern().IsMatch(name))
        {
            return null;
        }

        var versions = await VersionsAsync(CompanionNamespace.Skills.For(target), name, cancellationToken).ConfigureAwait(false);
        return versions.Count == 0 ? null : versions.MaxBy(v => v.Skill.Version).Skill;
    }

    /// <summary>Every skill of a namespace (latest versions), by name.</summary>
    public async Task<(string Namespace, IReadOnlyList<Skill> Skills)> ListAsync(MemoryPrincipal principal, string? ns, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var target = principal.ResolveNamespace(ns, NamespaceAccess.Read);
        var records = await AllAsync(CompanionNamespace.Skills.For(target), new EpisodeFilter { SessionId = SkillSession }, cancellationToken).ConfigureAwait(false);
        var skills = records.Select(ReadSkill).OfType<Skill>()
            .GroupBy(s => s.Name, StringComparer.Ordinal)
            .Select(g => g.MaxBy(s => s.Version)!)
            .OrderBy(s => s.Name, StringComparer.Ordinal)
            .ToList();
        return (target, skills);
    }

    /// <summary>The longest duration an outcome may give: one year, in milliseconds (means of such stay finite).</summary>
    public const double MaxDurationMs = 365d * 24 * 3600 * 1000;

    /// <summary>Records one use of a skill (success or failure, how long it took, a note) and returns its statistics after it.</summary>
    public async Task<(string Namespace, Skill Skill, SkillStats Stats)> RecordOutcomeAsync(MemoryPrincipal principal, string? ns, string name, bool success, double? durationMs, string? note, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var target = principal.ResolveNamespace(ns, NamespaceAccess.Write);
        if (durationMs is { } ms && (double.IsNaN(ms) || ms < 0 || ms > MaxDurationMs))
        {
            throw Invalid(string.Create(CultureInfo.InvariantCulture, $"'duration_ms' is {ms}; it must be a number of milliseconds from 0 to {MaxDurationMs:0} (one year)."));
        }

        if (note is { Length: > MaxNoteLength })
        {
            throw Invalid($"'note' is {note.Length} characters; the limit is {MaxNoteLength}.");
        }

        var store = CompanionNamespace.Skills.For(target);
        var skill = await LatestAsync(store, target, name, cancellationToken).ConfigureAwait(false);
        var now = Now();
        var record = new Episode
        {
            Id = "out_" + Guid.CreateVersion7(now).ToString("N"),
            Text = $"{skill.Name} {(success ? "success" : "failure")}",
            Timestamp = now,
            ConversationId = OutcomeConversation(skill.Name),
            SessionId = OutcomeSession,
            Metadata = JsonSerializer.Serialize(new OutcomeRecord(success, durationMs, NullIfEmpty(note), skill.Version), ProceduralJsonContext.Default.OutcomeRecord),
            RecordedAt = now,
        };
        await _store.AddAsync(store, [record], cancellationToken: cancellationToken).ConfigureAwait(false);
        var stats = await StatsAsync(store, skill.Name, cancellationToken).ConfigureAwait(false);
        return (target, skill, stats);
    }

    /// <summary>
    /// Deletes a skill: every version and every recorded outcome. Returns the latest version number it had (a save
    /// replaces the older version, so that is how many versions it went through) and how many outcomes went.
    /// </summary>
    public async Task<(string Namespace, int Versions, int Outcomes)> DeleteAsync(MemoryPrincipal principal, string? ns, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var target = principal.ResolveNamespace(ns, NamespaceAccess.Write);
        var store = CompanionNamespace.Skills.For(target);
        var skill = await LatestAsync(store, target, name, cancellationToken).ConfigureAwait(false);

        // Outcomes first: a crash in between leaves the skill without its history, never a history without its skill.
        var outcomes = await _store.DeleteAsync(store, new EpisodeDeletion { ConversationId = OutcomeConversation(skill.Name) }, cancellationToken).ConfigureAwait(false);
        var versions = await _store.DeleteAsync(store, new EpisodeDeletion { ConversationId = SkillConversation(skill.Name) }, cancellationToken).ConfigureAwait(false);
        return (target, versions.Count > 0 ? skill.Version : 0, outcomes.Count);
    }

    /// <summary>Renders a skill's steps with arguments; see <see cref="SkillTemplate.Render"/>.</summary>
    public static RenderedSkill Render(Skill skill, IReadOnlyDictionary<string, string>? arguments, string field = "arguments") =>
        SkillTemplate.Render(skill, arguments, field);

    /// <summary>Checks a skill name; returns it.</summary>
    public static string ValidateName(string? name, string field = "name")
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw Invalid($"'{field}' is empty: give the skill's name.");
        }

        if (!NamePattern().IsMatch(name))
        {
            throw Invalid($"'{field}' value '{(name.Length > 80 ? name[..80] + "…" : name)}' is not a valid skill name: use 1 to {MaxNameLength} letters, digits, '.', '_' or '-', starting with a letter or digit.");
        }

        return name;
    }

    private async Task<Skill> LatestAsync(string store, string ns, string name, CancellationToken cancellationToken)
    {
        ValidateName(name);
        var versions = await VersionsAsync(store, name, cancellationToken).ConfigureAwait(false);
        return versions.Count == 0
            ? throw new McpMemoryException(McpMemoryErrorCodes.NotFound, $"There is no skill named '{name}' in namespace '{ns}' (names are exact and case-sensitive). Find skills with skill_search, or save one with skill_save.")
            : versions.MaxBy(v => v.Skill.Version).Skill;
    }

    private async Task<List<(string Id, Skill Skill)>> VersionsAsync(string store, string name, CancellationToken cancellationToken)
    {
        var records = await AllAsync(store, new EpisodeFilter { ConversationId = SkillConversation(name), SessionId = SkillSession }, cancellationToken).ConfigureAwait(false);
        var versions = new List<(string Id, Skill Skill)>(records.Count);
        foreach (var record in records)
        {
            if (ReadSkill(record) is { } skill)
            {
                versions.Add((record.Id, skill));
            }
        }

        return versions;
    }

    private async Task<SkillStats> StatsAsync(string store, string name, CancellationToken cancellationToken)
    {
        var records = await AllAsync(store, new EpisodeFilter { ConversationId = OutcomeConversation(name), SessionId = OutcomeSession }, cancellationToken).ConfigureAwait(false);
        return SkillSuccessRate.Compute(records.Select(ReadOutcome).OfType<SkillOutcome>(), Now(), Options);
    }

    /// <summary>The outcomes of the skills named in <paramref name="names"/>, by name, from one listing of every outcome.</summary>
    private async Task<Dictionary<string, List<SkillOutcome>>> OutcomesAsync(string store, HashSet<string> names, CancellationToken cancellationToken)
    {
        var records = await AllAsync(store, new EpisodeFilter { SessionId = OutcomeSession }, cancellationToken).ConfigureAwait(false);
        var byName = new Dictionary<string, List<SkillOutcome>>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            var conversation = record.ConversationId ?? "";
            var name = conversation.StartsWith(OutcomePrefix, StringComparison.Ordinal) ? conversation[OutcomePrefix.Length..] : null;
            if (name is null || !names.Contains(name) || ReadOutcome(record) is not { } outcome)
            {
                continue;
            }

            if (!byName.TryGetValue(name, out var list))
            {
                byName[name] = list = [];
            }

            list.Add(outcome);
        }

        return byName;
    }

    private static SkillOutcome? ReadOutcome(Episode record)
    {
        if (record.Metadata is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(record.Metadata, ProceduralJsonContext.Default.OutcomeRecord) is { } outcome
                ? new SkillOutcome(outcome.Success, outcome.DurationMs, outcome.Note, outcome.Version, record.Timestamp)
                : null;
        }
        catch (JsonException)
        {
            // Not an outcome we wrote.
            return null;
        }
    }

    private async Task<List<Episode>> AllAsync(string store, EpisodeFilter filter, CancellationToken cancellationToken)
    {
        var all = new List<Episode>();
        await foreach (var episode in _store.ListAllAsync(store, filter, cancellationToken).ConfigureAwait(false))
        {
            all.Add(episode);
        }

        return all;
    }

    private static Skill? ReadSkill(Episode record)
    {
        if (record.Metadata is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(record.Metadata, ProceduralJsonContext.Default.Skill);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool SameDefinition(Skill a, Skill b) =>
        JsonSerializer.Serialize(a with { Version = 0, SavedAt = default }, ProceduralJsonContext.Default.Skill)
        == JsonSerializer.Serialize(b with { Version = 0, SavedAt = default }, ProceduralJsonContext.Default.Skill);

    /// <summary>What search matches a skill on: its name (split into words), kind, description, tags, tools, parameters and steps.</summary>
    internal static string SearchText(Skill skill)
    {
        var text = new StringBuilder();
        text.Append(skill.Name.Replace('-', ' ').Replace('_', ' ').Replace('.', ' ')).Append(": ").Append(skill.Description).Append('\n');
        if (skill.Tags.Count > 0)
        {
            text.Append("Tags: ").AppendJoin(", ", skill.Tags).Append('\n');
        }

        if (skill.Tools.Count > 0)
        {
            text.Append("Tools: ").AppendJoin(", ", skill.Tools).Append('\n');
        }

        foreach (var parameter in skill.Parameters)
        {
            text.Append("Parameter ").Append(parameter.Name).Append(parameter.Description is null ? "" : ": " + parameter.Description).Append('\n');
        }

        foreach (var step in skill.Steps)
        {
            text.Append("- ").Append(step).Append('\n');
        }

        return text.ToString().TrimEnd('\n');
    }

    private static List<string> Labels(IReadOnlyList<string>? labels, string field)
    {
        var kept = new List<string>();
        foreach (var (label, i) in (labels ?? []).Select((l, i) => (l, i)))
        {
            if (string.IsNullOrWhiteSpace(label) || label.Trim().Length > 100)
            {
                throw Invalid($"'{field}[{i}]' must be 1 to 100 characters.");
            }

            if (!kept.Contains(label.Trim(), StringComparer.OrdinalIgnoreCase))
            {
                kept.Add(label.Trim());
            }
        }

        return kept.Count > MaxItems ? throw Invalid($"'{field}' holds {kept.Count} items; the limit is {MaxItems}.") : kept;
    }

    private DateTimeOffset Now()
    {
        // Segments keep microseconds (Arrow timestamp[us]); dropping finer ticks up front keeps every copy of a record equal.
        var value = Clock.GetUtcNow();
        return new DateTimeOffset(value.UtcTicks - (value.UtcTicks % 10), TimeSpan.Zero);
    }

    private static string SkillConversation(string name) => "skill:" + name;

    private const string OutcomePrefix = "outcome:";

    private static string OutcomeConversation(string name) => OutcomePrefix + name;

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static McpMemoryException Invalid(string message) => new(McpMemoryErrorCodes.InvalidArgument, message);

    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9._-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"\A[A-Za-z_][A-Za-z0-9_]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex ParameterPattern();
}
