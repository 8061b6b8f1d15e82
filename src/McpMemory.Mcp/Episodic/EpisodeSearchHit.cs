using System.ComponentModel;

namespace McpMemory.Mcp.Episodic;

/// <summary>One search hit.</summary>
public sealed record EpisodeSearchHit(
    [property: Description("The record.")] EpisodeView Episode,
    [property: Description("The fused score (higher is better).")] double Score,
    [property: Description("Why it matched.")] MatchReason Match);
