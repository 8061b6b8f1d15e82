using System.ComponentModel;

namespace McpMemory.Mcp.Episodic;

/// <summary>The result of <c>episode_add</c>.</summary>
public sealed record EpisodeAddResult(
    [property: Description("The namespace written to.")] string Namespace,
    [property: Description("One id per record sent, in order. A retried record (same client_id) gets its earlier id.")] IReadOnlyList<string> Ids,
    [property: Description("How many records were new.")] int Created,
    [property: Description("How many were retries of earlier writes and changed nothing.")] int Unchanged);
