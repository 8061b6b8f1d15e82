using System.ComponentModel;

namespace McpMemory.Mcp.Procedural;

/// <summary>The result of <c>skill_get</c>.</summary>
public sealed record SkillGetResult
{
    /// <summary>The namespace.</summary>
    [Description("The namespace read.")]
    public required string Namespace { get; init; }

    /// <summary>The skill.</summary>
    [Description("The skill (latest version), its steps as templates.")]
    public required SkillView Skill { get; init; }

    /// <summary>Outcomes.</summary>
    [Description("Its recorded outcomes and success rate.")]
    public required SkillStatsView Stats { get; init; }

    /// <summary>The rendering.</summary>
    [Description("The steps filled in with 'arguments' (present when 'arguments' was given, even empty).")]
    public RenderedSkillView? Rendered { get; init; }
}
