namespace McpMemory.Core.Procedural;

/// <summary>
/// The success rate that ranking uses: each outcome weighs <c>0.5^(age / half-life)</c> (an outcome recorded now weighs
/// 1, one a half-life old 0.5), and the weighted counts S and F are smoothed by a Beta prior of α pseudo-successes and
/// β pseudo-failures: <c>rate = (S + α) / (S + F + α + β)</c>. So old evidence fades, recent evidence dominates, and a
/// skill with little evidence stays near the prior mean <c>α / (α + β)</c>.
/// </summary>
public static class SkillSuccessRate
{
    /// <summary>The weight of an outcome recorded at <paramref name="at"/>, seen at <paramref name="now"/>.</summary>
    public static double Weight(DateTimeOffset at, DateTimeOffset now, TimeSpan halfLife)
    {
        var age = Math.Max(0, (now - at).TotalSeconds);
        return Math.Pow(0.5, age / halfLife.TotalSeconds);
    }

    /// <summary>Counts <paramref name="outcomes"/> as seen at <paramref name="now"/>.</summary>
    public static SkillStats Compute(IEnumerable<SkillOutcome> outcomes, DateTimeOffset now, ProceduralOptions options)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        ArgumentNullException.ThrowIfNull(options);
        int successes = 0, failures = 0, timed = 0;
        double weightedSuccesses = 0, weightedFailures = 0, duration = 0;
        DateTimeOffset? last = null;
        foreach (var outcome in outcomes)
        {
            var weight = Weight(outcome.At, now, options.OutcomeHalfLife);
            if (outcome.Success)
            {
                successes++;
                weightedSuccesses += weight;
            }
            else
            {
                failures++;
                weightedFailures += weight;
            }

            // Outcomes stored before durations were bounded may hold any number: only sane ones count, so the mean
            // stays finite (and so writable as JSON).
            if (outcome.DurationMs is { } ms && ms >= 0 && ms <= ProceduralMemory.MaxDurationMs)
            {
                timed++;
                duration += ms;
            }

            if (last is null || outcome.At > last)
            {
                last = outcome.At;
            }
        }

        var rate = (weightedSuccesses + options.PriorSuccesses) / (weightedSuccesses + weightedFailures + options.PriorSuccesses + options.PriorFailures);
        return new SkillStats(successes, failures, weightedSuccesses, weightedFailures, rate, timed > 0 ? duration / timed : null, last);
    }

    /// <summary>The final score of a skill: <c>(1 - w) * relevance + w * rate</c> with w = <see cref="ProceduralOptions.SuccessWeight"/>.</summary>
    public static double Score(double relevance, double rate, ProceduralOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return ((1 - options.SuccessWeight) * relevance) + (options.SuccessWeight * rate);
    }
}
