namespace McpMemory.Core.Procedural;

/// <summary>A parameter of a skill: its steps name it as <c>{name}</c>.</summary>
public sealed record SkillParameter
{
    /// <summary>The name (letters, digits and '_', starting with a letter or '_').</summary>
    public required string Name { get; init; }

    /// <summary>What the value means.</summary>
    public string? Description { get; init; }

    /// <summary>True when rendering needs a value for it.</summary>
    public bool Required { get; init; }

    /// <summary>The value used when none is given (optional parameters only).</summary>
    public string? Default { get; init; }

    /// <summary>The only values allowed, when the list is not empty; they are also what completion offers.</summary>
    public IReadOnlyList<string> Values { get; init; } = [];
}
