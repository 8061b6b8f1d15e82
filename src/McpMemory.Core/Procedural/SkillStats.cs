namespace McpMemory.Core.Procedural;

/// <summary>A skill's recorded outcomes and the success rate ranking uses.</summary>
/// <param name="Successes">Successes recorded.</param>
/// <param name="Failures">Failures recorded.</param>
/// <param name="WeightedSuccesses">Successes, each weighted by its age (half as much every half-life).</param>
/// <param name="WeightedFailures">Failures, weighted the same way.</param>
/// <param name="SuccessRate">The smoothed, decayed success rate (see <see cref="ProceduralOptions"/>).</param>
/// <param name="MeanDurationMs">The mean duration of outcomes that gave one, in milliseconds.</param>
/// <param name="LastOutcomeAt">When the latest outcome was recorded.</param>
public sealed record SkillStats(int Successes, int Failures, double WeightedSuccesses, double WeightedFailures, double SuccessRate, double? MeanDurationMs, DateTimeOffset? LastOutcomeAt);
