using System.ComponentModel;

namespace McpMemory.Mcp.Procedural;

/// <summary>One skill found by <c>skill_search</c>.</summary>
public sealed record SkillSearchHit
{
    /// <summary>The skill.</summary>
    [Description("The skill (latest version).")]
    public required SkillView Skill { get; init; }

    /// <summary>The final score.</summary>
    [Description("The score it is ranked by: (1 - w) * relevance + w * success_rate, w = McpMemory:Procedural:SuccessWeight.")]
    public required double Score { get; init; }

    /// <summary>Relevance.</summary>
    [Description("How well it fits the query, relative to the best candidate (1 = best).")]
    public required double Relevance { get; init; }

    /// <summary>Outcomes.</summary>
    [Description("Its recorded outcomes and the decayed, smoothed success rate.")]
    public required SkillStatsView Stats { get; init; }

    /// <summary>Rank by meaning.</summary>
    [Description("Rank by meaning among the candidates (1 = closest), when it was ranked by meaning.")]
    public int? DenseRank { get; init; }

    /// <summary>Rank by keywords.</summary>
    [Description("Rank by keywords (BM25) among the candidates, when a query keyword matched.")]
    public int? KeywordRank { get; init; }
}
