using System.Text.Json;
using McpMemory.Core;

namespace McpMemory.Storage.Arrow.Files;

/// <summary>The on-disk format marker at the root of a data directory.</summary>
internal sealed class StoreFormat
{
    /// <summary>
    /// The format this build writes. History: 1, the first release (manifest, write-ahead log, Arrow segments), read
    /// as it is. When it changes, the step from the previous version runs here on open (before the marker is rewritten,
    /// so a crash repeats it), a directory older than <see cref="OldestReadable"/> or newer than this is refused, and a
    /// directory of each released format is kept in the tests (tests/McpMemory.Tests/Data/format-v*).
    /// </summary>
    public const int CurrentVersion = 1;

    /// <summary>The oldest format this build opens (migrating it when older than <see cref="CurrentVersion"/>).</summary>
    public const int OldestReadable = 1;

    public const string FileName = "FORMAT.json";
    public const string FormatName = "mcp-memory";

    public string Format { get; set; } = FormatName;

    public int Version { get; set; } = CurrentVersion;

    /// <summary>Writes the marker into a new data directory, or checks the one that is there.</summary>
    public static async Task EnsureAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        var path = Path.Combine(dataDirectory, FileName);
        if (!File.Exists(path))
        {
            var bytes = JsonSerializer.SerializeToUtf8Bytes(new StoreFormat(), StoreJsonContext.Default.StoreFormat);
            await DurableFile.PublishAsync(path, bytes, cancellationToken).ConfigureAwait(false);
            return;
        }

        StoreFormat? format;
        try
        {
            await using var stream = File.OpenRead(path);
            format = await JsonSerializer.DeserializeAsync(stream, StoreJsonContext.Default.StoreFormat, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            throw new McpMemoryException(McpMemoryErrorCodes.Incompatible, $"'{path}' is not a valid mcp-memory format file ({ex.Message}). Is '{dataDirectory}' really an mcp-memory data directory?", ex);
        }

        Check(format, path);
    }

    /// <summary>Throws a clear error unless <paramref name="format"/> is one this build reads.</summary>
    public static void Check(StoreFormat? format, string path)
    {
        if (format is null || format.Format != FormatName)
        {
            throw new McpMemoryException(McpMemoryErrorCodes.Incompatible, $"'{path}' does not describe an mcp-memory data directory. Point --data-dir at an mcp-memory data directory or an empty folder.");
        }

        if (format.Version > CurrentVersion)
        {
            throw new McpMemoryException(McpMemoryErrorCodes.Incompatible, $"The data directory was written by a newer mcp-memory (format {format.Version}; this build reads up to {CurrentVersion}). Upgrade mcp-memory; the data was left untouched.");
        }

        if (format.Version < OldestReadable)
        {
            throw new McpMemoryException(McpMemoryErrorCodes.Incompatible, $"The data directory '{Path.GetDirectoryName(path)}' has format {format.Version}, which no mcp-memory release wrote (the first is {OldestReadable}). Point --data-dir at an mcp-memory data directory; the data was left untouched.");
        }
    }
}
