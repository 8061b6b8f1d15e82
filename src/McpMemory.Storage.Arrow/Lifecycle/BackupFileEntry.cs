namespace McpMemory.Storage.Arrow.Lifecycle;

/// <summary>One file of a backup, relative to the backup folder with '/' separators.</summary>
internal sealed class BackupFileEntry
{
    public required string Path { get; set; }

    public required long Bytes { get; set; }

    /// <summary>SHA-256 of the file, lowercase hex.</summary>
    public required string Sha256 { get; set; }
}
