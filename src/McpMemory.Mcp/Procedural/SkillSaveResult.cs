using System.ComponentModel;

namespace McpMemory.Mcp.Procedural;

/// <summary>The result of <c>skill_save</c>.</summary>
public sealed record SkillSaveResult
{
    /// <summary>The namespace.</summary>
    [Description("The namespace written to.")]
    public required string Namespace { get; init; }

    /// <summary>The skill.</summary>
    [Description("The skill as stored now.")]
    public required SkillView Skill { get; init; }

    /// <summary>Whether the name was new.</summary>
    [Description("True when no skill had this name before (version 1).")]
    public required bool Created { get; init; }

    /// <summary>Whether a version was written.</summary>
    [Description("True when this save wrote a new version; false when it equalled the stored version, which was kept.")]
    public required bool NewVersion { get; init; }

    /// <summary>The version replaced.</summary>
    [Description("The version this one replaced, when the name existed.")]
    public int? PreviousVersion { get; init; }

    /// <summary>What happened, in words.</summary>
    [Description("What happened, in words.")]
    public required string Message { get; init; }
}
