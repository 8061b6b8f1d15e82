using System.ComponentModel;

namespace McpMemory.Mcp.Episodic;

/// <summary>The result of <c>episode_get</c>.</summary>
public sealed record EpisodeGetResult(
    [property: Description("The namespace read.")] string Namespace,
    [property: Description("The records found, in the order asked.")] IReadOnlyList<EpisodeWithContext> Episodes,
    [property: Description("Ids that were not found.")] IReadOnlyList<string> Missing);
