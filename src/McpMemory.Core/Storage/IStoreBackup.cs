namespace McpMemory.Core.Storage;

/// <summary>Consistent snapshots of a running store, taken without stopping readers or writers.</summary>
public interface IStoreBackup
{
    /// <summary>
    /// Writes a consistent copy of every namespace into <paramref name="directory"/> (which must not exist or be
    /// empty), ending with a <c>BACKUP.json</c> that lists every file with its size and SHA-256; a backup without it is
    /// incomplete. Holds every record acknowledged before the call. <paramref name="progress"/> receives the number of
    /// namespaces copied so far.
    /// </summary>
    Task<BackupSummary> BackupAsync(string directory, IProgress<int>? progress = null, CancellationToken cancellationToken = default);
}
