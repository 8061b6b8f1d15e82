namespace McpMemory.Core.Procedural;

/// <summary>The kinds of procedural memory.</summary>
public static class SkillKinds
{
    /// <summary>A skill: how to do one thing.</summary>
    public const string Skill = "skill";

    /// <summary>A workflow template: an ordered procedure, usually over several tools.</summary>
    public const string Workflow = "workflow";
}
