using McpMemory.Core.Semantic;

namespace McpMemory.Storage.Arrow.Graphs;

/// <summary>A graph's whole state up to and including log entry <see cref="Seq"/>, as changes that rebuild it.</summary>
internal sealed class GraphSnapshotFile
{
    public const int CurrentFormat = 1;

    public required int Format { get; init; }

    public required long Seq { get; init; }

    public required IEnumerable<GraphChange> Changes { get; init; }
}
