using System.ComponentModel;

namespace McpMemory.Mcp.Episodic;

/// <summary>The result of <c>episode_search</c>.</summary>
public sealed record EpisodeSearchResult(
    [property: Description("The namespace searched.")] string Namespace,
    [property: Description("The ranking used: hybrid, dense or keyword.")] string Mode,
    [property: Description("Hits, best first.")] IReadOnlyList<EpisodeSearchHit> Hits);
