namespace McpMemory.Core.Cache;

/// <summary>What the cache guard said about serving a stored answer for a lookup.</summary>
/// <param name="Accepted">True when nothing that changes the answer differs between the two questions.</param>
/// <param name="Check">When rejected, the check that found the difference: <c>negation</c>, <c>number</c>, <c>date</c>, <c>entity</c> or <c>order</c>.</param>
/// <param name="Reason">What differs, quoting both questions' words, or what was checked when accepted.</param>
public sealed record GuardVerdict(bool Accepted, string? Check, string Reason)
{
    /// <summary>The verdict when nothing differs.</summary>
    public static GuardVerdict Pass { get; } = new(true, null, "no difference in negation, numbers, dates, named entities or the order of compared or converted things");

    /// <summary>A rejection by <paramref name="check"/>.</summary>
    public static GuardVerdict Reject(string check, string reason) => new(false, check, reason);
}
