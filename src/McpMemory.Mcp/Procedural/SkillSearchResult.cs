using System.ComponentModel;

namespace McpMemory.Mcp.Procedural;

/// <summary>The result of <c>skill_search</c>.</summary>
public sealed record SkillSearchResult
{
    /// <summary>The namespace.</summary>
    [Description("The namespace searched.")]
    public required string Namespace { get; init; }

    /// <summary>The mode.</summary>
    [Description("How relevance was ranked: hybrid, dense or keyword.")]
    public required string Mode { get; init; }

    /// <summary>The hits.</summary>
    [Description("The skills that fit best, best first.")]
    public required IReadOnlyList<SkillSearchHit> Hits { get; init; }
}
