using System.ComponentModel;

namespace McpMemory.Mcp.Episodic;

/// <summary>One record of <c>episode_get</c>.</summary>
public sealed record EpisodeWithContext(
    [property: Description("The record asked for.")] EpisodeView Episode,
    [property: Description("Turns around it in its conversation, in time order, itself included; empty unless 'context' was given.")] IReadOnlyList<EpisodeView> Surrounding);
