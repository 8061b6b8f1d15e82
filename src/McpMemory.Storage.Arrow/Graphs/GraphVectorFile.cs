using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;

namespace McpMemory.Storage.Arrow.Graphs;

/// <summary>
/// The entity vectors of a graph, saved beside its snapshot so that a restart need not embed everything again:
/// <c>MCPGVEC1</c>, the model id, the vector length, then per entity its name, a hash of the text that was embedded,
/// and the vector. A vector whose text hash no longer matches its entity is ignored (and embedded again).
/// </summary>
internal static class GraphVectorFile
{
    private static readonly byte[] Magic = "MCPGVEC1"u8.ToArray();

    public static ulong HashText(string text) => XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(text));

    public static async Task WriteAsync(Stream stream, string model, int dimensions, IEnumerable<(string Name, string Text, ReadOnlyMemory<float> Vector)> vectors, CancellationToken cancellationToken)
    {
        // The stream is the publisher's buffered file stream; it flushes and closes it.
        var buffered = stream;
        buffered.Write(Magic);
        WriteString(buffered, model);
        WriteInt(buffered, dimensions);
        var hash = new byte[8];
        foreach (var (name, text, vector) in vectors)
        {
            cancellationToken.ThrowIfCancellationRequested();
            WriteString(buffered, name);
            BinaryPrimitives.WriteUInt64LittleEndian(hash, HashText(text));
            buffered.Write(hash);
            buffered.Write(MemoryMarshal.AsBytes(vector.Span));
        }

        await buffered.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the file; null when it is missing, damaged, or of another model.</summary>
    public static Dictionary<string, (ulong Hash, float[] Vector)>? Read(string path, string model)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var stream = new BufferedStream(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read), 1 << 16);
            Span<byte> magic = stackalloc byte[8];
            stream.ReadExactly(magic);
            if (!magic.SequenceEqual(Magic) || ReadString(stream) != model)
            {
                return null;
            }

            var dimensions = ReadInt(stream);
            var vectors = new Dictionary<string, (ulong, float[])>(StringComparer.Ordinal);
            Span<byte> hash = stackalloc byte[8];
            while (stream.Position < stream.Length)
            {
                var name = ReadString(stream);
                stream.ReadExactly(hash);
                var vector = new float[dimensions];
                stream.ReadExactly(MemoryMarshal.AsBytes(vector.AsSpan()));
                vectors[name] = (BinaryPrimitives.ReadUInt64LittleEndian(hash), vector);
            }

            return vectors;
        }
        catch (Exception ex) when (ex is IOException or EndOfStreamException or ArgumentException)
        {
            // Vectors are derived data: a damaged file only costs embedding again.
            return null;
        }
    }

    private static void WriteInt(Stream stream, int value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
        stream.Write(bytes);
    }

    private static int ReadInt(Stream stream)
    {
        Span<byte> bytes = stackalloc byte[4];
        stream.ReadExactly(bytes);
        return BinaryPrimitives.ReadInt32LittleEndian(bytes);
    }

    private static void WriteString(Stream stream, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        WriteInt(stream, bytes.Length);
        stream.Write(bytes);
    }

    private static string ReadString(Stream stream)
    {
        var length = ReadInt(stream);
        if (length < 0 || length > 1 << 20)
        {
            throw new IOException("Bad string length in the vector file.");
        }

        var bytes = new byte[length];
        stream.ReadExactly(bytes);
        return Encoding.UTF8.GetString(bytes);
    }
}
