namespace McpMemory.Core.Storage;

/// <summary>What a backup holds.</summary>
/// <param name="Directory">The backup folder.</param>
/// <param name="CreatedAt">When the snapshot was taken.</param>
/// <param name="FormatVersion">The store format of the files.</param>
/// <param name="Namespaces">Records per namespace.</param>
/// <param name="Files">Files in the backup (BACKUP.json not counted).</param>
/// <param name="Bytes">Their total size.</param>
/// <param name="LinkedFiles">Segment files hard-linked rather than copied (same file system, no extra space).</param>
public sealed record BackupSummary(string Directory, DateTimeOffset CreatedAt, int FormatVersion, IReadOnlyList<NamespaceCount> Namespaces, int Files, long Bytes, int LinkedFiles);
