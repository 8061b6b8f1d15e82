using System.ComponentModel;

namespace McpMemory.Mcp.Procedural;

/// <summary>What a <c>skill://</c> resource holds.</summary>
public sealed record SkillResource
{
    /// <summary>The namespace.</summary>
    [Description("The skill's namespace.")]
    public required string Namespace { get; init; }

    /// <summary>The skill.</summary>
    [Description("The skill (latest version).")]
    public required SkillView Skill { get; init; }

    /// <summary>Outcomes.</summary>
    [Description("Its outcomes and success rate.")]
    public required SkillStatsView Stats { get; init; }
}
