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
    [Description("How many stored versions were deleted.")]
    public required int Versions { get; init; }

    /// <summary>Outcomes deleted.</summary>
    [Description("How many recorded outcomes were deleted with it.")]
    public required int Outcomes { get; init; }
}
