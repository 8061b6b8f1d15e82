namespace McpMemory.Core.Procedural;

/// <summary>A skill with its placeholders filled in.</summary>
/// <param name="Skill">The skill.</param>
/// <param name="Arguments">Every parameter's value as used: given, or its default.</param>
/// <param name="Steps">The steps with their placeholders replaced.</param>
/// <param name="Text">The whole skill as one text, ready to follow: a header, the tools it needs, and numbered steps.</param>
public sealed record RenderedSkill(Skill Skill, IReadOnlyDictionary<string, string> Arguments, IReadOnlyList<string> Steps, string Text);
