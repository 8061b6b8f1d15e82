using System.Text.Json;
using McpMemory.Core;

namespace McpMemory.Storage.Arrow.Files;

/// <summary>The on-disk format marker at the root of a data directory.</summary>
internal sealed class StoreFormat
{
    public const int CurrentVersion = 1;
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

        if (format.Version < 1)
        {
            throw new McpMemoryException(McpMemoryErrorCodes.Incompatible, $"Unknown data directory format {format.Version} in '{path}'.");
        }
    }
}
