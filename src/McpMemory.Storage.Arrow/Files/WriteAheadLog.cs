using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace McpMemory.Storage.Arrow.Files;

/// <summary>
/// An append-only log of JSON records (<see cref="WalEntry"/> for namespaces, other types for other logs). Each record is framed as
/// <c>[int32 length][uint32 CRC-32 of payload][payload: UTF-8 JSON]</c>, little-endian. A record is durable once
/// <see cref="Append"/> with <c>durable: true</c> returns (the file was fsynced). Reading stops at the first torn
/// or corrupt record, which can only be an unacknowledged tail, and the file is cut back to the last good record.
/// </summary>
internal sealed class WriteAheadLog : IDisposable
{
    private const int HeaderSize = 8;
    private const int MaxRecordBytes = 1 << 30;
    private static readonly byte[] Magic = "MCPWAL01"u8.ToArray();
    private readonly FileStream _stream;

    private WriteAheadLog(string path, FileStream stream)
    {
        Path = path;
        _stream = stream;
    }

    public string Path { get; }

    public long Length => _stream.Length;

    /// <summary>Creates a new, empty log file (durably).</summary>
    public static WriteAheadLog Create(string path)
    {
        // A file of that number can only be left over from an attempt that failed (a full disk), so it is replaced.
        var stream = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.Read);
        try
        {
            stream.Write(Magic);
            stream.Flush(flushToDisk: true);
            DurableFile.SyncDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        }
        catch
        {
            stream.Dispose();
            DurableFile.TryDelete(path);
            throw;
        }

        return new WriteAheadLog(path, stream);
    }

    /// <summary>Opens an existing log for appending after its last good record.</summary>
    public static WriteAheadLog OpenForAppend(string path, long validLength)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        if (stream.Length != validLength)
        {
            stream.SetLength(validLength);
            stream.Flush(flushToDisk: true);
        }

        stream.Seek(0, SeekOrigin.End);
        return new WriteAheadLog(path, stream);
    }

    /// <summary>
    /// Reads every good record of the log at <paramref name="path"/>; <paramref name="validLength"/> is where they end.
    /// <paramref name="damagedBeforeEnd"/> is true when a complete record failed its checksum with more bytes after it:
    /// damage in the middle of the file rather than a torn last write.
    /// </summary>
    public static List<WalEntry> ReadAll(string path, out long validLength, out bool damagedBeforeEnd) =>
        ReadAll(path, StoreJsonContext.Default.WalEntry, out validLength, out damagedBeforeEnd);

    /// <summary>Reads every good record of type <typeparamref name="T"/>, as <see cref="ReadAll(string, out long, out bool)"/> does.</summary>
    public static List<T> ReadAll<T>(string path, JsonTypeInfo<T> type, out long validLength, out bool damagedBeforeEnd)
        where T : class
    {
        damagedBeforeEnd = false;
        var entries = new List<T>();
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        Span<byte> magic = stackalloc byte[Magic.Length];
        if (stream.ReadAtLeast(magic, Magic.Length, throwOnEndOfStream: false) < Magic.Length || !magic.SequenceEqual(Magic))
        {
            // A log whose header never reached the disk holds nothing acknowledged.
            validLength = 0;
            return entries;
        }

        validLength = Magic.Length;
        Span<byte> header = stackalloc byte[HeaderSize];
        while (true)
        {
            if (stream.ReadAtLeast(header, HeaderSize, throwOnEndOfStream: false) < HeaderSize)
            {
                break;
            }

            var length = BinaryPrimitives.ReadInt32LittleEndian(header);
            var crc = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
            if (length <= 0 || length > MaxRecordBytes || validLength + HeaderSize + length > stream.Length)
            {
                break;
            }

            var payload = new byte[length];
            if (stream.ReadAtLeast(payload, length, throwOnEndOfStream: false) < length)
            {
                break;
            }

            if (Crc32.HashToUInt32(payload) != crc)
            {
                damagedBeforeEnd = stream.Position < stream.Length;
                break;
            }

            T? entry;
            try
            {
                entry = JsonSerializer.Deserialize(payload, type);
            }
            catch (JsonException)
            {
                break;
            }

            if (entry is null)
            {
                break;
            }

            entries.Add(entry);
            validLength += HeaderSize + length;
        }

        return entries;
    }

    /// <summary>
    /// Appends a record; with <paramref name="durable"/> it is on disk when this returns. <paramref name="halfWritten"/>,
    /// when given, is called with half of the frame in the file (a trace point for crash tests).
    /// </summary>
    public void Append(WalEntry entry, bool durable, Action? halfWritten = null) =>
        Append(entry, StoreJsonContext.Default.WalEntry, durable, halfWritten);

    /// <summary>Appends a record of type <typeparamref name="T"/>, as <see cref="Append(WalEntry, bool, Action?)"/> does.</summary>
    public void Append<T>(T entry, JsonTypeInfo<T> type, bool durable, Action? halfWritten = null)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(entry, type);
        var frame = new byte[HeaderSize + payload.Length];
        BinaryPrimitives.WriteInt32LittleEndian(frame, payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(4), Crc32.HashToUInt32(payload));
        payload.CopyTo(frame.AsSpan(HeaderSize));
        var start = _stream.Position;
        try
        {
            if (halfWritten is null)
            {
                _stream.Write(frame);
            }
            else
            {
                _stream.Write(frame.AsSpan(0, frame.Length / 2));
                _stream.Flush(flushToDisk: false);
                halfWritten();
                _stream.Write(frame.AsSpan(frame.Length / 2));
            }

            _stream.Flush(flushToDisk: durable);
        }
        catch (IOException)
        {
            // Leave no partial frame behind, so that later appends stay readable.
            try
            {
                _stream.SetLength(start);
                _stream.Position = start;
            }
            catch (IOException)
            {
            }

            throw;
        }
    }

    /// <summary>Makes everything appended so far durable.</summary>
    public void Sync() => _stream.Flush(flushToDisk: true);

    public void Dispose() => _stream.Dispose();
}
