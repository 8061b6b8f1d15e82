using System.ComponentModel;
using McpMemory.Core.Procedural;

namespace McpMemory.Mcp.Procedural;

/// <summary>A skill as tools return it.</summary>
public sealed record SkillView
{
    /// <summary>The name.</summary>
    [Description("The skill's name (unique in its namespace, exact and case-sensitive); also its prompt's name.")]
    public required string Name { get; init; }

    /// <summary>The kind.</summary>
    [Description("'skill' or 'workflow'.")]
    public required string Kind { get; init; }

    /// <summary>The description.</summary>
    [Description("What it does and when to use it.")]
    public required string Description { get; init; }

    /// <summary>The parameters.</summary>
    [Description("The parameters its steps use as {placeholders}.")]
    public required IReadOnlyList<SkillParameterView> Parameters { get; init; }

    /// <summary>The steps.</summary>
    [Description("The steps in order, as templates ({name} is a parameter; {{ and }} are literal braces).")]
    public required IReadOnlyList<string> Steps { get; init; }

    /// <summary>The tags.</summary>
    [Description("Labels to find and filter it by.")]
    public required IReadOnlyList<string> Tags { get; init; }

    /// <summary>The tools.</summary>
    [Description("The tools it needs.")]
    public required IReadOnlyList<string> Tools { get; init; }

    /// <summary>The version.</summary>
    [Description("Its version: 1 for the first save of the name, one more for each save that changed it.")]
    public required int Version { get; init; }

    /// <summary>When saved.</summary>
    [Description("When this version was saved (UTC).")]
    public required DateTimeOffset SavedAt { get; init; }

    /// <summary>Its resource.</summary>
    [Description("Its MCP resource (skill://NAMESPACE/NAME).")]
    public required string Uri { get; init; }

    /// <summary>Makes the view of a skill of <paramref name="ns"/>.</summary>
    public static SkillView From(string ns, Skill skill)
    {
        ArgumentNullException.ThrowIfNull(skill);
        return new SkillView
        {
            Name = skill.Name,
            Kind = skill.Kind,
            Description = skill.Description,
            Parameters = [.. skill.Parameters.Select(SkillParameterView.From)],
            Steps = skill.Steps,
            Tags = skill.Tags,
            Tools = skill.Tools,
            Version = skill.Version,
            SavedAt = skill.SavedAt,
            Uri = SkillResourceUri.For(ns, skill.Name),
        };
    }
}
