using System.ComponentModel;
using McpMemory.Core.Tools;
using McpMemory.Mcp.Episodic;

namespace McpMemory.Mcp.Tools;

/// <summary>One tool that fits the task.</summary>
public sealed record ToolSearchHitView(
    [property: Description("The tool, with its input schema.")] ToolView Tool,
    [property: Description("The fused score (higher is better).")] double Score,
    [property: Description("Why it matched.")] MatchReason Match)
{
    /// <summary>Makes the view of a hit.</summary>
    public static ToolSearchHitView From(ToolHit hit)
    {
        ArgumentNullException.ThrowIfNull(hit);
        return new ToolSearchHitView(ToolView.From(hit.Tool), hit.Score, new MatchReason(hit.DenseRank, hit.DenseScore, hit.KeywordRank, hit.KeywordScore));
    }
}
