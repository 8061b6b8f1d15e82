using McpMemory.Core.Storage;
using McpMemory.Storage.Arrow.Lifecycle;

namespace McpMemory.Storage.Arrow;

/// <summary>Backups of the open store.</summary>
internal sealed partial class ArrowEpisodeStore
{
    /// <summary>Writes a consistent backup of every namespace into <paramref name="directory"/>; see <see cref="IStoreBackup"/>.</summary>
    public Task<BackupSummary> BackupAsync(string directory, IProgress<int>? progress, CancellationToken cancellationToken) =>
        StoreBackupWriter.WriteAsync(DataDirectory, _namespaces.Values.ToList(), Graphs, directory, progress, _time, cancellationToken);
}
