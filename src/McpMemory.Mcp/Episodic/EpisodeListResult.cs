using System.ComponentModel;
using System.Text.Json.Serialization;

namespace McpMemory.Mcp.Episodic;

/// <summary>The result of <c>episode_list</c>.</summary>
public sealed record EpisodeListResult(
    [property: Description("The namespace read.")] string Namespace,
    [property: Description("Records in time order.")] IReadOnlyList<EpisodeView> Episodes,
    [property: Description("Pass as 'cursor' to get the next page; null on the last page.")]
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] // required by the output schema: null is written, not left out
    string? NextCursor);
