using System.Text;
using McpMemory.Core.Episodic;
using McpMemory.Core.Identity;
using McpMemory.Core.Storage;

namespace McpMemory.Core.Procedural;

/// <summary>Finding skills for a task.</summary>
public sealed partial class ProceduralMemory
{
    /// <summary>
    /// Finds the skills that fit a task: candidates by meaning and keywords (hybrid by default), filtered by tags, tools
    /// and kind, then ordered by relevance mixed with each skill's decayed, smoothed success rate
    /// (<see cref="SkillSuccessRate"/>).
    /// </summary>
    public async Task<(string Namespace, IReadOnlyList<SkillHit> Hits)> SearchAsync(MemoryPrincipal principal, string? ns, SkillSearchQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(query);
        var target = principal.ResolveNamespace(ns, NamespaceAccess.Read);
        if (string.IsNullOrWhiteSpace(query.Text))
        {
            throw Invalid("'query' is empty: describe the task a skill should do.");
        }

        var bytes = Encoding.UTF8.GetByteCount(query.Text);
        if (bytes > _options.Limits.MaxTextBytes)
        {
            throw Invalid($"'query' is {bytes} bytes; the limit is {_options.Limits.MaxTextBytes} bytes (UTF-8).");
        }

        if (query.K < 1 || query.K > _options.Limits.MaxSearchK)
        {
            throw Invalid($"'k' is {query.K}; it must be between 1 and {_options.Limits.MaxSearchK}.");
        }

        var kind = query.Kind?.Trim().ToLowerInvariant() switch
        {
            null or "" => null,
            SkillKinds.Skill => SkillKinds.Skill,
            SkillKinds.Workflow => SkillKinds.Workflow,
            _ => throw Invalid($"'kind' value '{query.Kind}' is unknown: use 'skill' or 'workflow', or leave it out for both."),
        };
        var tags = query.Tags.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim()).ToList();
        var tools = query.Tools.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim()).ToList();
        var filtered = kind is not null || tags.Count > 0 || tools.Count > 0;

        // Every version of a name is one candidate; the outcome records are never candidates.
        var store = CompanionNamespace.Skills.For(target);
        var wanted = filtered ? MaxCandidates : Math.Min(MaxCandidates, Math.Max(query.K * 4, 50));
        var hits = await _store.SearchAsync(store, new EpisodeSearchQuery
        {
            Text = query.Text,
            K = wanted,
            Mode = query.Mode,
            Filter = new EpisodeFilter { SessionId = SkillSession },
            WaitForEmbeddings = query.WaitForEmbeddings,
        }, cancellationToken).ConfigureAwait(false);

        var candidates = new List<(Skill Skill, EpisodeHit Hit)>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var hit in hits)
        {
            if (ReadSkill(hit.Episode) is not { } skill)
            {
                continue;
            }

            if (seen.TryGetValue(skill.Name, out var at))
            {
                // Two versions live at once (a save stopped before removing the older one): keep the newer skill, the better score.
                if (skill.Version > candidates[at].Skill.Version)
                {
                    candidates[at] = (skill, candidates[at].Hit);
                }

                continue;
            }

            seen[skill.Name] = candidates.Count;
            candidates.Add((skill, hit));
        }

        candidates.RemoveAll(c => (kind is not null && c.Skill.Kind != kind)
            || !tags.All(t => c.Skill.Tags.Contains(t, StringComparer.OrdinalIgnoreCase))
            || !tools.All(t => c.Skill.Tools.Contains(t, StringComparer.OrdinalIgnoreCase)));
        if (candidates.Count == 0)
        {
            return (target, []);
        }

        // One pass over the outcomes (a listing scans the namespace whatever its filter), kept for the candidates only.
        var outcomes = await OutcomesAsync(store, candidates.Select(c => c.Skill.Name).ToHashSet(StringComparer.Ordinal), cancellationToken).ConfigureAwait(false);
        var now = Now();
        var best = candidates.Max(c => c.Hit.Score);
        var ranked = new List<SkillHit>(candidates.Count);
        foreach (var (skill, hit) in candidates)
        {
            var relevance = best > 0 ? Math.Max(0, hit.Score / best) : 1;
            var stats = SkillSuccessRate.Compute(outcomes.TryGetValue(skill.Name, out var own) ? own : [], now, Options);
            ranked.Add(new SkillHit(skill, SkillSuccessRate.Score(relevance, stats.SuccessRate, Options), relevance, stats, hit.DenseRank, hit.KeywordRank));
        }

        return (target, ranked
            .OrderByDescending(h => h.Score)
            .ThenByDescending(h => h.Relevance)
            .ThenBy(h => h.Skill.Name, StringComparer.Ordinal)
            .Take(query.K)
            .ToList());
    }
}
