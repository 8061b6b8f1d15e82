using McpMemory.Core.Episodic;

namespace McpMemory.Storage.Arrow.Files;

/// <summary>The vectors of one record, one per part of its text.</summary>
internal sealed class EmbeddedRecord
{
    public required string Id { get; init; }

    public required List<VectorPart> Parts { get; init; }
}
