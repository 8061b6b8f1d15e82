using System.ComponentModel;

namespace McpMemory.Mcp.Procedural;

/// <summary>The result of <c>skill_record_outcome</c>.</summary>
public sealed record SkillOutcomeResult
{
    /// <summary>The namespace.</summary>
    [Description("The namespace written to.")]
    public required string Namespace { get; init; }

    /// <summary>The skill.</summary>
    [Description("The skill's name.")]
    public required string Name { get; init; }

    /// <summary>The version.</summary>
    [Description("The version the outcome was recorded against (the latest).")]
    public required int Version { get; init; }

    /// <summary>The outcome.</summary>
    [Description("True for a success, false for a failure.")]
    public required bool Success { get; init; }

    /// <summary>Outcomes after this one.</summary>
    [Description("The skill's outcomes and success rate, this one included.")]
    public required SkillStatsView Stats { get; init; }
}
