namespace McpMemory.Storage.Arrow.Files;

/// <summary>
/// The durable state of one namespace: which segment files hold its records, which of their records are deleted, and
/// which write-ahead log files are still live. Published atomically; whatever it does not list is garbage.
/// </summary>
internal sealed class NamespaceManifest
{
    public int FormatVersion { get; set; } = StoreFormat.CurrentVersion;

    public required string Model { get; set; }

    public required int Dimensions { get; set; }

    /// <summary>The first write-ahead log file number still needed; older ones are garbage.</summary>
    public long WalStart { get; set; } = 1;

    /// <summary>The number the next segment file gets.</summary>
    public long NextSegment { get; set; } = 1;

    public List<SegmentEntry> Segments { get; set; } = [];

    /// <summary>Ids deleted whose rows are still in some segment.</summary>
    public List<string> Tombstones { get; set; } = [];
}
