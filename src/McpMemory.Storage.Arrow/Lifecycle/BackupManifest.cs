namespace McpMemory.Storage.Arrow.Lifecycle;

/// <summary>
/// <c>BACKUP.json</c>: written last into a backup folder, so a folder without it is an interrupted backup. Lists every
/// file with its size and SHA-256, and each namespace's record count, so that a restore can prove the copy whole.
/// </summary>
internal sealed class BackupManifest
{
    public const string FileName = "BACKUP.json";
    public const string FormatName = "mcp-memory-backup";

    public string Format { get; set; } = FormatName;

    public int BackupVersion { get; set; } = 1;

    /// <summary>The store format of the files (as in FORMAT.json).</summary>
    public int FormatVersion { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The data directory the backup was taken from.</summary>
    public string Source { get; set; } = "";

    public List<BackupNamespaceEntry> Namespaces { get; set; } = [];

    /// <summary>The knowledge graphs (absent in backups made before graphs existed).</summary>
    public List<BackupGraphEntry> Graphs { get; set; } = [];

    public List<BackupFileEntry> Files { get; set; } = [];
}
