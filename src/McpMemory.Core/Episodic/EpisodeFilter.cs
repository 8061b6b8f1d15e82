namespace McpMemory.Core.Episodic;

/// <summary>Restricts searches and listings; every field that is set must match.</summary>
public sealed record EpisodeFilter
{
    /// <summary>No restriction.</summary>
    public static EpisodeFilter None { get; } = new();

    /// <summary>Only this conversation.</summary>
    public string? ConversationId { get; init; }

    /// <summary>Only this session.</summary>
    public string? SessionId { get; init; }

    /// <summary>Only this speaker (exact, case-insensitive).</summary>
    public string? Speaker { get; init; }

    /// <summary>Only events at or after this time.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Only events before this time.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>True when nothing is restricted.</summary>
    public bool IsEmpty => ConversationId is null && SessionId is null && Speaker is null && From is null && To is null;

    /// <summary>Returns true when <paramref name="episode"/> passes the filter.</summary>
    public bool Matches(Episode episode)
    {
        ArgumentNullException.ThrowIfNull(episode);
        return (ConversationId is null || string.Equals(ConversationId, episode.ConversationId, StringComparison.Ordinal))
            && (SessionId is null || string.Equals(SessionId, episode.SessionId, StringComparison.Ordinal))
            && (Speaker is null || string.Equals(Speaker, episode.Speaker, StringComparison.OrdinalIgnoreCase))
            && (From is null || episode.Timestamp >= From.Value)
            && (To is null || episode.Timestamp < To.Value);
    }
}
