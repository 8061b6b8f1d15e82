using System.ComponentModel;
using McpMemory.Core.Procedural;

namespace McpMemory.Mcp.Procedural;

/// <summary>A skill's outcomes as tools return them.</summary>
public sealed record SkillStatsView
{
    /// <summary>Successes.</summary>
    [Description("Successes recorded.")]
    public required int Successes { get; init; }

    /// <summary>Failures.</summary>
    [Description("Failures recorded.")]
    public required int Failures { get; init; }

    /// <summary>Weighted successes.</summary>
    [Description("Successes weighted by age: each counts 0.5^(age / half-life).")]
    public required double WeightedSuccesses { get; init; }

    /// <summary>Weighted failures.</summary>
    [Description("Failures weighted by age the same way.")]
    public required double WeightedFailures { get; init; }

    /// <summary>The success rate.</summary>
    [Description("(weighted successes + prior successes) / (weighted successes + weighted failures + prior successes + prior failures): the rate ranking uses.")]
    public required double SuccessRate { get; init; }

    /// <summary>Mean duration.</summary>
    [Description("The mean duration of the outcomes that gave one, in milliseconds.")]
    public double? MeanDurationMs { get; init; }

    /// <summary>The latest outcome.</summary>
    [Description("When the latest outcome was recorded.")]
    public DateTimeOffset? LastOutcomeAt { get; init; }

    /// <summary>Makes the view.</summary>
    public static SkillStatsView From(SkillStats stats)
    {
        ArgumentNullException.ThrowIfNull(stats);
        return new SkillStatsView
        {
            Successes = stats.Successes,
            Failures = stats.Failures,
            WeightedSuccesses = Math.Round(stats.WeightedSuccesses, 6),
            WeightedFailures = Math.Round(stats.WeightedFailures, 6),
            SuccessRate = Math.Round(stats.SuccessRate, 6),
            MeanDurationMs = stats.MeanDurationMs,
            LastOutcomeAt = stats.LastOutcomeAt,
        };
    }
}
