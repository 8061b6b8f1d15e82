using System.ComponentModel;

namespace McpMemory.Mcp.Procedural;

/// <summary>The result of <c>skill_delete</c>.</summary>
public sealed record SkillDeleteResult
{
    /// <summary>The namespace.</summary>
    [Description("The namespace written to.")]
    public required string Namespace { get; init; }

    /// <summary>The skill.</summary>
    [Description("The deleted skill's name.")]
    public required string Name { get; init; }

    /// <summary>Versions deleted.</summary>
    [Description("The latest version the skill had reached: versions 1 to this one are gone (a save keeps only the newest).")]
    public required int Versions { get; init; }

    /// <summary>Outcomes deleted.</summary>
    [Description("How many recorded outcomes were deleted with it.")]
    public required int Outcomes { get; init; }
}
