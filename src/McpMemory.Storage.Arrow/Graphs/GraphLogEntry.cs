using McpMemory.Core.Semantic;

namespace McpMemory.Storage.Arrow.Graphs;

/// <summary>One write to a graph, as logged: its sequence number and its changes, applied as one unit.</summary>
internal sealed class GraphLogEntry
{
    public required long Seq { get; init; }

    public required List<GraphChange> Changes { get; init; }
}
