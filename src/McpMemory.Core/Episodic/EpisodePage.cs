namespace McpMemory.Core.Episodic;

/// <summary>A page of records and where the next page starts.</summary>
/// <param name="Items">The records, in the order asked for.</param>
/// <param name="Next">Where the next page starts, or null when this was the last.</param>
public sealed record EpisodePage(IReadOnlyList<Episode> Items, EpisodePosition? Next);
