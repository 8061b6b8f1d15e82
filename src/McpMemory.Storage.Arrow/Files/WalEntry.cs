using McpMemory.Core.Episodic;

namespace McpMemory.Storage.Arrow.Files;

/// <summary>One record of the write-ahead log.</summary>
internal sealed class WalEntry
{
    public const string AddOp = "add";
    public const string EmbedOp = "embed";
    public const string DeleteOp = "delete";

    public required string Op { get; init; }

    public List<Episode>? Episodes { get; init; }

    public List<string>? Ids { get; init; }

    public List<EmbeddedRecord>? Embeddings { get; init; }
}

/// <summary>The vectors of one record, one per part of its text.</summary>
internal sealed class EmbeddedRecord
{
    public required string Id { get; init; }

    public required List<VectorPart> Parts { get; init; }
}

/// <summary>One embedded part: the character range of the text it covers and its vector as little-endian float32 bytes.</summary>
internal sealed class VectorPart
{
    public required int Start { get; init; }

    public required int End { get; init; }

    public required byte[] Vector { get; init; }
}
