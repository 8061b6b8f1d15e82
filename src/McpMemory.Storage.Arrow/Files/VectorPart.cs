using McpMemory.Core.Episodic;

namespace McpMemory.Storage.Arrow.Files;

/// <summary>One embedded part: the character range of the text it covers and its vector as little-endian float32 bytes.</summary>
internal sealed class VectorPart
{
    public required int Start { get; init; }

    public required int End { get; init; }

    public required byte[] Vector { get; init; }
}
