namespace McpMemory.Core.Procedural;

/// <summary>A skill or workflow template: how to do something, with parameters, as one version of its name.</summary>
public sealed record Skill
{
    /// <summary>The name, unique in its namespace (letters, digits, '.', '_' and '-').</summary>
    public required string Name { get; init; }

    /// <summary><see cref="SkillKinds.Skill"/> or <see cref="SkillKinds.Workflow"/>.</summary>
    public string Kind { get; init; } = SkillKinds.Skill;

    /// <summary>What it does and when to use it.</summary>
    public required string Description { get; init; }

    /// <summary>The parameters its steps use.</summary>
    public IReadOnlyList<SkillParameter> Parameters { get; init; } = [];

    /// <summary>The steps, in order; each may hold <c>{parameter}</c> placeholders (<c>{{</c> and <c>}}</c> are literal braces).</summary>
    public IReadOnlyList<string> Steps { get; init; } = [];

    /// <summary>Labels to find and filter it by.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The tools it needs.</summary>
    public IReadOnlyList<string> Tools { get; init; } = [];

    /// <summary>The version: 1 for the first save of the name, one more for each save that changed it.</summary>
    public int Version { get; init; }

    /// <summary>When this version was saved.</summary>
    public DateTimeOffset SavedAt { get; init; }
}
