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
