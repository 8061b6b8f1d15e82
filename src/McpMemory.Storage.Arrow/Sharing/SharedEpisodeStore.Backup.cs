using McpMemory.Core.Storage;

namespace McpMemory.Storage.Arrow.Sharing;

/// <summary>Backups: written by whichever process owns the store, this one or the one it forwards to.</summary>
internal sealed partial class SharedEpisodeStore : IStoreBackup
{
    public Task<BackupSummary> BackupAsync(string directory, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        // The owner may run in another working directory: send it an absolute path.
        var target = Path.GetFullPath(directory);
        return CallAsync(
            (local, ct) => local.BackupAsync(target, progress, ct),
            RpcMethods.Backup, null, new BackupRequest(target), RpcJsonContext.Default.BackupRequest, RpcJsonContext.Default.BackupSummary, progress, cancellationToken);
    }
}
