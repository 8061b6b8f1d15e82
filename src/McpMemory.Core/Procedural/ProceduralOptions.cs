using System.ComponentModel.DataAnnotations;

namespace McpMemory.Core.Procedural;

/// <summary>
/// How skills are ranked, bound from <c>McpMemory:Procedural</c>. A search orders skills by
/// <c>(1 - SuccessWeight) * relevance + SuccessWeight * rate</c>, where relevance is the fused search score divided by
/// the best candidate's, and rate is the success rate of the skill's outcomes, each outcome weighted
/// <c>0.5^(age / OutcomeHalfLife)</c>, smoothed by a Beta(<c>PriorSuccesses</c>, <c>PriorFailures</c>) prior:
/// <c>(S + PriorSuccesses) / (S + F + PriorSuccesses + PriorFailures)</c>.
/// </summary>
public sealed class ProceduralOptions
{
    /// <summary>The age at which an outcome counts half as much as a new one (default 30 days).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "36500.00:00:00")]
    public TimeSpan OutcomeHalfLife { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Pseudo-successes of the Beta prior (default 1): a skill without outcomes has rate 0.5.</summary>
    [Range(0.01, 1_000_000)]
    public double PriorSuccesses { get; set; } = 1;

    /// <summary>Pseudo-failures of the Beta prior (default 1).</summary>
    [Range(0.01, 1_000_000)]
    public double PriorFailures { get; set; } = 1;

    /// <summary>How much the success rate weighs against relevance in the final score, 0 to 1 (default 0.3).</summary>
    [Range(0.0, 1.0)]
    public double SuccessWeight { get; set; } = 0.3;

    /// <summary>The most UTF-8 bytes of one skill, as JSON (default 64 KiB).</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxSkillBytes { get; set; } = 64 * 1024;

    /// <summary>The clock outcomes are dated and aged by; null means <see cref="McpMemoryOptions.TimeProvider"/>. Replaceable in tests.</summary>
    public TimeProvider? TimeProvider { get; set; }
}
