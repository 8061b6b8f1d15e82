using System.ComponentModel;

namespace McpMemory.Mcp.Episodic;

/// <summary>The result of <c>episode_delete</c>.</summary>
public sealed record EpisodeDeleteResult(
    [property: Description("The namespace changed.")] string Namespace,
    [property: Description("Ids deleted.")] IReadOnlyList<string> Deleted,
    [property: Description("Ids asked for that did not exist.")] IReadOnlyList<string> Missing);
