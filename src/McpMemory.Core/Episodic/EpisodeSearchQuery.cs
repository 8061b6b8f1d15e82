namespace McpMemory.Core.Episodic;

/// <summary>A search over one namespace.</summary>
public sealed record EpisodeSearchQuery
{
    /// <summary>The query text.</summary>
    public required string Text { get; init; }

    /// <summary>Restrictions.</summary>
    public EpisodeFilter Filter { get; init; } = EpisodeFilter.None;

    /// <summary>How many hits at most.</summary>
    public int K { get; init; } = 10;

    /// <summary>How to rank.</summary>
    public SearchMode Mode { get; init; } = SearchMode.Hybrid;

    /// <summary>Wait until every record written before the search is embedded.</summary>
    public bool WaitForEmbeddings { get; init; }
}
