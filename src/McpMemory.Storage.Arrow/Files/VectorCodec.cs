using System.Runtime.InteropServices;

namespace McpMemory.Storage.Arrow.Files;

/// <summary>Vectors as little-endian float32 bytes, for the write-ahead log.</summary>
internal static class VectorCodec
{
    public static byte[] Encode(ReadOnlySpan<float> vector) => MemoryMarshal.AsBytes(vector).ToArray();

    public static float[] Decode(byte[] bytes) => MemoryMarshal.Cast<byte, float>(bytes).ToArray();
}
