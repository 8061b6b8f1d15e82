using System.ComponentModel;

namespace McpMemory.Mcp.Procedural;

/// <summary>A parameter of a skill, as <c>skill_save</c> takes it.</summary>
public sealed record SkillParameterInput
{
    /// <summary>The name.</summary>
    [Description("The parameter's name, as steps use it in {placeholders}: letters, digits and '_', starting with a letter or '_'.")]
    public string Name { get; init; } = "";

    /// <summary>What it means.</summary>
    [Description("What the value means (shown to clients filling in the prompt).")]
    public string? Description { get; init; }

    /// <summary>Whether it is required.</summary>
    [Description("True when rendering needs a value for it (default false).")]
    public bool Required { get; init; }

    /// <summary>The default.</summary>
    [Description("The value used when none is given (optional parameters only).")]
    public string? Default { get; init; }

    /// <summary>Allowed values.</summary>
    [Description("The only values allowed, if any; completion offers them.")]
    public IReadOnlyList<string>? Values { get; init; }
}
