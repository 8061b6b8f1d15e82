using System.ComponentModel.DataAnnotations;

namespace McpMemory.Core;

/// <summary>Limits on what one call may send or ask for.</summary>
public sealed class EpisodeLimits
{
    /// <summary>The most records one <c>episode_add</c> may carry.</summary>
    [Range(1, 100_000)]
    public int MaxBatchSize { get; set; } = 1_000;

    /// <summary>The most UTF-8 bytes of one record's text.</summary>
    [Range(1, 16 * 1024 * 1024)]
    public int MaxTextBytes { get; set; } = 32 * 1024;

    /// <summary>The most UTF-8 bytes of one record's metadata JSON.</summary>
    [Range(1, 16 * 1024 * 1024)]
    public int MaxMetadataBytes { get; set; } = 16 * 1024;

    /// <summary>The most UTF-8 bytes of one document's text (<c>document_add</c>); it is stored as chunks.</summary>
    [Range(1, 256 * 1024 * 1024)]
    public int MaxDocumentBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>The most hits one search may ask for.</summary>
    [Range(1, 10_000)]
    public int MaxSearchK { get; set; } = 200;

    /// <summary>The most records one page of a listing may hold.</summary>
    [Range(1, 10_000)]
    public int MaxPageSize { get; set; } = 500;
}
