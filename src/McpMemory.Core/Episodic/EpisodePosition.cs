namespace McpMemory.Core.Episodic;

/// <summary>A position in time order: records are ordered by timestamp, then by id.</summary>
/// <param name="Timestamp">The record's timestamp.</param>
/// <param name="Id">The record's id.</param>
public readonly record struct EpisodePosition(DateTimeOffset Timestamp, string Id) : IComparable<EpisodePosition>
{
    /// <summary>The position of <paramref name="episode"/>.</summary>
    public static EpisodePosition Of(Episode episode)
    {
        ArgumentNullException.ThrowIfNull(episode);
        return new(episode.Timestamp, episode.Id);
    }

    /// <inheritdoc />
    public int CompareTo(EpisodePosition other)
    {
        var byTime = Timestamp.UtcTicks.CompareTo(other.Timestamp.UtcTicks);
        return byTime != 0 ? byTime : string.CompareOrdinal(Id, other.Id);
    }

    /// <summary>Orders positions.</summary>
    public static bool operator <(EpisodePosition left, EpisodePosition right) => left.CompareTo(right) < 0;

    /// <summary>Orders positions.</summary>
    public static bool operator >(EpisodePosition left, EpisodePosition right) => left.CompareTo(right) > 0;

    /// <summary>Orders positions.</summary>
    public static bool operator <=(EpisodePosition left, EpisodePosition right) => left.CompareTo(right) <= 0;

    /// <summary>Orders positions.</summary>
    public static bool operator >=(EpisodePosition left, EpisodePosition right) => left.CompareTo(right) >= 0;
}
