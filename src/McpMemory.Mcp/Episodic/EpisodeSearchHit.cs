using System.ComponentModel;
using McpMemory.Core.Episodic;

namespace McpMemory.Mcp.Episodic;

/// <summary>One search hit.</summary>
public sealed record EpisodeSearchHit(
    [property: Description("The record.")] EpisodeView Episode,
    [property: Description("The fused score (higher is better).")] double Score,
    [property: Description("Why it matched.")] MatchReason Match)
{
    /// <summary>Makes the view of a store hit.</summary>
    public static EpisodeSearchHit From(EpisodeHit hit)
    {
        ArgumentNullException.ThrowIfNull(hit);
        return new EpisodeSearchHit(EpisodeView.From(hit.Episode), hit.Score, new MatchReason(hit.DenseRank, hit.DenseScore, hit.KeywordRank, hit.KeywordScore));
    }
}
