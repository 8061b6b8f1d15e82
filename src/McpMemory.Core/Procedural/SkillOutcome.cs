namespace McpMemory.Core.Procedural;

/// <summary>One recorded use of a skill.</summary>
/// <param name="Success">Whether it worked.</param>
/// <param name="DurationMs">How long it took, in milliseconds, when known.</param>
/// <param name="Note">Free text: what went wrong, what helped.</param>
/// <param name="Version">The version that was used.</param>
/// <param name="At">When it was recorded.</param>
public sealed record SkillOutcome(bool Success, double? DurationMs, string? Note, int Version, DateTimeOffset At);
