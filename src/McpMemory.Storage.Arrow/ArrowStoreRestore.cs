using McpMemory.Core.Storage;
using McpMemory.Storage.Arrow.Lifecycle;

namespace McpMemory.Storage.Arrow;

/// <summary>Loads backups written through <see cref="IStoreBackup"/> into a data directory of the embedded store.</summary>
public static class ArrowStoreRestore
{
    /// <summary>
    /// Verifies the backup in <paramref name="backupDirectory"/> (every file's checksum, and each namespace opened from
    /// a staging copy with its recorded number of records), then moves its namespaces into
    /// <paramref name="dataDirectory"/>. Refuses while a process owns the data directory, and refuses to replace
    /// existing namespaces unless <paramref name="force"/>, which moves them aside rather than deleting them.
    /// </summary>
    public static Task<RestoreSummary> RestoreAsync(string backupDirectory, string dataDirectory, bool force, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(backupDirectory);
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        return StoreRestorer.RestoreAsync(backupDirectory, dataDirectory, force, time ?? TimeProvider.System, cancellationToken);
    }
}
