namespace McpMemory.Core.Procedural;

/// <summary>What a save did.</summary>
/// <param name="Skill">The skill as stored now.</param>
/// <param name="PreviousVersion">The version it replaced, or null when the name was new.</param>
/// <param name="Changed">False when it was the same as the stored version, which was kept.</param>
public sealed record SkillSaveOutcome(Skill Skill, int? PreviousVersion, bool Changed);
