using System.ComponentModel;
using McpMemory.Core.Procedural;

namespace McpMemory.Mcp.Procedural;

/// <summary>A skill rendered with arguments.</summary>
public sealed record RenderedSkillView
{
    /// <summary>The arguments used.</summary>
    [Description("Every parameter's value as used: given, or its default.")]
    public required IReadOnlyDictionary<string, string> Arguments { get; init; }

    /// <summary>The steps.</summary>
    [Description("The steps with their placeholders filled in.")]
    public required IReadOnlyList<string> Steps { get; init; }

    /// <summary>The text.</summary>
    [Description("The whole skill as one text to follow: header, tools, arguments and numbered steps.")]
    public required string Text { get; init; }

    /// <summary>Makes the view.</summary>
    public static RenderedSkillView From(RenderedSkill rendered)
    {
        ArgumentNullException.ThrowIfNull(rendered);
        return new RenderedSkillView { Arguments = rendered.Arguments, Steps = rendered.Steps, Text = rendered.Text };
    }
}
