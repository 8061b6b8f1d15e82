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

    /// <summary>
    /// Embed the query as records are embedded (without the query instruction of asymmetric models), to find records
    /// that say the same thing as the query rather than records that answer it: a stored question like this one.
    /// </summary>
    public bool EmbedQueryAsRecord { get; init; }
}
