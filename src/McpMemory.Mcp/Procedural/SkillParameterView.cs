using System.ComponentModel;
using McpMemory.Core.Procedural;

namespace McpMemory.Mcp.Procedural;

/// <summary>A parameter of a skill as tools return it.</summary>
public sealed record SkillParameterView
{
    /// <summary>The name.</summary>
    [Description("The parameter's name.")]
    public required string Name { get; init; }

    /// <summary>What it means.</summary>
    [Description("What the value means.")]
    public string? Description { get; init; }

    /// <summary>Whether it is required.</summary>
    [Description("True when rendering needs a value for it.")]
    public required bool Required { get; init; }

    /// <summary>The default.</summary>
    [Description("The value used when none is given.")]
    public string? Default { get; init; }

    /// <summary>Allowed values.</summary>
    [Description("The only values allowed (empty: any).")]
    public required IReadOnlyList<string> Values { get; init; }

    /// <summary>Makes the view.</summary>
    public static SkillParameterView From(SkillParameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        return new SkillParameterView { Name = parameter.Name, Description = parameter.Description, Required = parameter.Required, Default = parameter.Default, Values = parameter.Values };
    }
}
