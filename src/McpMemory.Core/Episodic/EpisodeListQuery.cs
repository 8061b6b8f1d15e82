namespace McpMemory.Core.Episodic;

/// <summary>A page of records in time order.</summary>
public sealed record EpisodeListQuery
{
    /// <summary>Restrictions.</summary>
    public EpisodeFilter Filter { get; init; } = EpisodeFilter.None;

    /// <summary>Newest first instead of oldest first.</summary>
    public bool Descending { get; init; }

    /// <summary>Start after this position (exclusive), from the previous page.</summary>
    public EpisodePosition? After { get; init; }

    /// <summary>Page size.</summary>
    public int Limit { get; init; } = 50;
}
