using System.Globalization;
using System.Text.Json;
using McpMemory.Core;
using McpMemory.Core.Storage;
using McpMemory.Storage.Arrow.Files;
using McpMemory.Storage.Arrow.Graphs;
using McpMemory.Storage.Arrow.Namespaces;
using McpMemory.Storage.Arrow.Sharing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpMemory.Storage.Arrow.Lifecycle;

/// <summary>
/// Loads a backup into a data directory that no process uses: checks every file against BACKUP.json, copies the
/// namespaces into a staging folder inside the data directory, opens each there to prove it reads with the recorded
/// number of records, and only then moves them into place. Existing namespaces are moved aside, never deleted.
/// </summary>
internal static class StoreRestorer
{
    private const string StagingPrefix = "restore-staging-";
    private const string ReplacedPrefix = "replaced-";

    public static async Task<RestoreSummary> RestoreAsync(string backupDirectory, string dataDirectory, bool force, TimeProvider time, CancellationToken cancellationToken)
    {
        var source = Path.GetFullPath(backupDirectory);
        var data = Path.GetFullPath(dataDirectory);
        var manifest = await ReadManifestAsync(source, cancellationToken).ConfigureAwait(false);
        await VerifyFilesAsync(source, manifest, cancellationToken).ConfigureAwait(false);

        Directory.CreateDirectory(data);
        using var owner = StoreLock.TryAcquire(data) ?? throw new McpMemoryException(
            McpMemoryErrorCodes.Unavailable,
            $"An mcp-memory server is using the data directory '{data}'. Stop the servers using it (mcp-memory serve, and the Claude Desktop or IDE sessions that start it), then run restore again; nothing was changed.");
        await StoreFormat.EnsureAsync(data, cancellationToken).ConfigureAwait(false);
        var namespacesRoot = Path.Combine(data, StoreBackupWriter.NamespacesFolder);
        Directory.CreateDirectory(namespacesRoot);
        var graphsRoot = Path.Combine(data, ArrowGraphStore.GraphsFolder);
        var existing = manifest.Namespaces.Where(n => Directory.Exists(Path.Combine(namespacesRoot, n.Name))).Select(n => n.Name).ToList();
        var existingGraphs = manifest.Graphs.Where(g => Directory.Exists(Path.Combine(graphsRoot, g.Name))).Select(g => g.Name).ToList();
        existing = [.. existing.Union(existingGraphs, StringComparer.Ordinal)];
        if (existing.Count > 0 && !force)
        {
            throw new McpMemoryException(
                McpMemoryErrorCodes.InvalidArgument,
                $"The data directory '{data}' already has the namespace{(existing.Count > 1 ? "s" : "")} {string.Join(", ", existing.Select(n => $"'{n}'"))}. Restore into an empty data directory, or add --force to replace them (the current ones are moved aside into a '{ReplacedPrefix}…' folder of the data directory, not deleted); nothing was changed.");
        }

        var stamp = time.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var staging = Path.Combine(data, StagingPrefix + stamp + "-" + Guid.NewGuid().ToString("N")[..6]);
        string? replaced = null;
        try
        {
            var restored = new List<NamespaceCount>();
            foreach (var entry in manifest.Namespaces)
            {
                var folder = Path.Combine(staging, entry.Name);
                await CopyFolderAsync(Path.Combine(source, StoreBackupWriter.NamespacesFolder, entry.Name), folder, cancellationToken).ConfigureAwait(false);
                var records = await ProveReadableAsync(entry, folder, time, cancellationToken).ConfigureAwait(false);
                restored.Add(new NamespaceCount(entry.Name, records));
            }

            foreach (var entry in manifest.Graphs)
            {
                var folder = Path.Combine(staging, ArrowGraphStore.GraphsFolder, entry.Name);
                await CopyFolderAsync(Path.Combine(source, ArrowGraphStore.GraphsFolder, entry.Name), folder, cancellationToken).ConfigureAwait(false);
                ProveGraphReadable(entry, folder);
            }

            if (existing.Count > 0)
            {
                replaced = Path.Combine(data, ReplacedPrefix + stamp);
                if (Directory.Exists(replaced))
                {
                    replaced += "-" + Guid.NewGuid().ToString("N")[..6];
                }

                Directory.CreateDirectory(replaced);
                foreach (var name in existing.Where(n => Directory.Exists(Path.Combine(namespacesRoot, n))))
                {
                    Directory.Move(Path.Combine(namespacesRoot, name), Path.Combine(replaced, name));
                }

                foreach (var name in existingGraphs)
                {
                    Directory.CreateDirectory(Path.Combine(replaced, ArrowGraphStore.GraphsFolder));
                    Directory.Move(Path.Combine(graphsRoot, name), Path.Combine(replaced, ArrowGraphStore.GraphsFolder, name));
                }

                DurableFile.SyncDirectory(replaced);
            }

            foreach (var entry in manifest.Namespaces)
            {
                Directory.Move(Path.Combine(staging, entry.Name), Path.Combine(namespacesRoot, entry.Name));
            }

            DurableFile.SyncDirectory(namespacesRoot);
            if (manifest.Graphs.Count > 0)
            {
                Directory.CreateDirectory(graphsRoot);
                foreach (var entry in manifest.Graphs)
                {
                    Directory.Move(Path.Combine(staging, ArrowGraphStore.GraphsFolder, entry.Name), Path.Combine(graphsRoot, entry.Name));
                }

                DurableFile.SyncDirectory(graphsRoot);
            }

            Directory.Delete(staging, recursive: true);
            DurableFile.SyncDirectory(data);
            return new RestoreSummary(data, restored, replaced);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            RemoveStaging(staging);
            throw new McpMemoryException(
                McpMemoryErrorCodes.StorageFailure,
                $"Restoring into '{data}' failed ({ex.Message}). Free space or fix permissions and run restore again." +
                (replaced is null ? "" : $" Namespaces moved aside so far are in '{replaced}'."),
                ex);
        }
        catch
        {
            // The staging folder holds only copies made by this restore; the namespaces in place were not touched.
            RemoveStaging(staging);
            throw;
        }
    }

    private static void RemoveStaging(string staging)
    {
        try
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left for the user: it is named in no manifest and the store never opens it.
        }
    }

    private static async Task<BackupManifest> ReadManifestAsync(string source, CancellationToken cancellationToken)
    {
        var path = Path.Combine(source, BackupManifest.FileName);
        if (!Directory.Exists(source))
        {
            throw new McpMemoryException(McpMemoryErrorCodes.InvalidArgument, $"The backup folder '{source}' does not exist.");
        }

        if (!File.Exists(path))
        {
            throw new McpMemoryException(McpMemoryErrorCodes.InvalidArgument, $"'{source}' is not a complete mcp-memory backup: it has no {BackupManifest.FileName} (an interrupted backup never gets one). Give the folder that 'mcp-memory backup' wrote, or make a new backup.");
        }

        BackupManifest? manifest;
        try
        {
            await using var stream = File.OpenRead(path);
            manifest = await JsonSerializer.DeserializeAsync(stream, BackupJsonContext.Default.BackupManifest, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            throw new McpMemoryException(McpMemoryErrorCodes.Incompatible, $"'{path}' is unreadable ({ex.Message}); the backup cannot be trusted. Restore from another backup.", ex);
        }

        if (manifest is null || manifest.Format != BackupManifest.FormatName)
        {
            throw new McpMemoryException(McpMemoryErrorCodes.Incompatible, $"'{path}' does not describe an mcp-memory backup.");
        }

        if (manifest.FormatVersion > StoreFormat.CurrentVersion || manifest.BackupVersion > 1)
        {
            throw new McpMemoryException(McpMemoryErrorCodes.Incompatible, $"The backup '{source}' was written by a newer mcp-memory (format {manifest.FormatVersion}, backup {manifest.BackupVersion}). Upgrade mcp-memory to restore it.");
        }

        foreach (var entry in manifest.Namespaces.Select(n => n.Name).Concat(manifest.Graphs.Select(g => g.Name)).Select(name => new { Name = name }))
        {
            if (!IsPlainName(entry.Name))
            {
                throw new McpMemoryException(McpMemoryErrorCodes.Incompatible, $"'{path}' names a namespace '{entry.Name}' that is not a plain folder name; the backup cannot be trusted.");
            }
        }

        return manifest;
    }

    // Every listed file must be there, inside the backup, with its size and checksum; no namespace file may be unlisted.
    private static async Task VerifyFilesAsync(string source, BackupManifest manifest, CancellationToken cancellationToken)
    {
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in manifest.Files)
        {
            var path = Path.GetFullPath(Path.Combine(source, file.Path));
            if (!path.StartsWith(source + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw new McpMemoryException(McpMemoryErrorCodes.Incompatible, $"{BackupManifest.FileName} in '{source}' lists '{file.Path}', outside the backup folder; the backup cannot be trusted.");
            }

            if (!File.Exists(path))
            {
                throw new McpMemoryException(McpMemoryErrorCodes.Incompatible, $"The backup file '{path}' is missing; the backup is incomplete and was not restored. Restore from another backup.");
            }

            var actual = await StoreBackupWriter.DescribeAsync(source, path, cancellationToken).ConfigureAwait(false);
            if (actual.Bytes != file.Bytes || !string.Equals(actual.Sha256, file.Sha256, StringComparison.Ordinal))
            {
                throw new McpMemoryException(
                    McpMemoryErrorCodes.Incompatible,
                    $"The backup file '{path}' is damaged: its {(actual.Bytes != file.Bytes ? $"size is {actual.Bytes} bytes, not {file.Bytes}" : "SHA-256 differs from the one in " + BackupManifest.FileName)}. Nothing was restored; restore from another backup.");
            }

            listed.Add(path);
        }

        foreach (var entry in manifest.Namespaces)
        {
            var folder = Path.Combine(source, StoreBackupWriter.NamespacesFolder, entry.Name);
            if (!Directory.Exists(folder))
            {
                throw new McpMemoryException(McpMemoryErrorCodes.Incompatible, $"The backup folder of namespace '{entry.Name}' ('{folder}') is missing; nothing was restored.");
            }

            foreach (var path in Directory.GetFiles(folder, "*", SearchOption.AllDirectories))
            {
                if (!listed.Contains(Path.GetFullPath(path)))
                {
                    throw new McpMemoryException(McpMemoryErrorCodes.Incompatible, $"The backup file '{path}' is not listed in {BackupManifest.FileName}: the backup was changed after it was written. Remove the file or restore from another backup; nothing was restored.");
                }
            }
        }
    }

    private static async Task CopyFolderAsync(string from, string to, CancellationToken cancellationToken)
    {
        foreach (var path in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(to, Path.GetRelativePath(from, path));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            using var copy = PendingCopy.Open(path, destination, length: null);
            await copy.CopyAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var folder in Directory.GetDirectories(to, "*", SearchOption.AllDirectories).Append(to))
        {
            DurableFile.SyncDirectory(folder);
        }
    }

    // Opens the staged copy as the server would (segments read, log replayed) and checks the record count.
    private static async Task<long> ProveReadableAsync(BackupNamespaceEntry entry, string folder, TimeProvider time, CancellationToken cancellationToken)
    {
        NamespaceStore store;
        try
        {
            store = await NamespaceStore.OpenAsync(entry.Name, folder, entry.Model, entry.Dimensions, new ArrowStoreOptions(), NullLogger.Instance, time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not McpMemoryException and not IOException)
        {
            throw new McpMemoryException(McpMemoryErrorCodes.Incompatible, $"Namespace '{entry.Name}' of the backup does not open ({ex.Message}); nothing was restored. Restore from another backup.", ex);
        }

        using (store)
        {
            var records = store.Stats().Episodes;
            if (records != entry.Records)
            {
                throw new McpMemoryException(McpMemoryErrorCodes.Incompatible, $"Namespace '{entry.Name}' of the backup opens with {records} records, but {BackupManifest.FileName} says {entry.Records}; nothing was restored. Restore from another backup.");
            }

            return records;
        }
    }

    // Opens the staged graph as the server would (snapshot read, log replayed) and checks its counts.
    private static void ProveGraphReadable(BackupGraphEntry entry, string folder)
    {
        (int Entities, int Relations) counts;
        try
        {
            counts = ArrowGraphStore.Inspect(entry.Name, folder, NullLogger.Instance);
        }
        catch (Exception ex) when (ex is JsonException or McpMemoryException or IOException)
        {
            throw new McpMemoryException(McpMemoryErrorCodes.Incompatible, $"The knowledge graph of namespace '{entry.Name}' in the backup does not open ({ex.Message}); nothing was restored. Restore from another backup.", ex);
        }

        if (counts != (entry.Entities, entry.Relations))
        {
            throw new McpMemoryException(McpMemoryErrorCodes.Incompatible, $"The knowledge graph of namespace '{entry.Name}' in the backup opens with {counts.Entities} entities and {counts.Relations} relations, but {BackupManifest.FileName} says {entry.Entities} and {entry.Relations}; nothing was restored.");
        }
    }

    private static bool IsPlainName(string name) =>
        name.Length > 0 && name != "." && name != ".." && name.IndexOfAny(['/', '\\', '\0']) < 0;
}
