using System.Security.Cryptography;
using System.Text.Json;
using McpMemory.Core;
using McpMemory.Core.Storage;
using McpMemory.Storage.Arrow.Files;
using McpMemory.Storage.Arrow.Graphs;
using McpMemory.Storage.Arrow.Namespaces;

namespace McpMemory.Storage.Arrow.Lifecycle;

/// <summary>
/// Writes a backup of an open store: one consistent snapshot per namespace (see
/// <see cref="NamespaceStore.SnapshotAsync"/>), the data directory's FORMAT.json, and last the BACKUP.json that
/// lists every file with its size and SHA-256. Runs in the owning process, beside live readers and writers.
/// </summary>
internal static class StoreBackupWriter
{
    public const string NamespacesFolder = "namespaces";

    public static async Task<BackupSummary> WriteAsync(string dataDirectory, IReadOnlyList<NamespaceStore> namespaces, ArrowGraphStore graphs, string directory, IProgress<int>? progress, TimeProvider time, CancellationToken cancellationToken)
    {
        var target = Path.GetFullPath(directory);
        CheckTarget(Path.GetFullPath(dataDirectory), target);
        var manifest = new BackupManifest { FormatVersion = StoreFormat.CurrentVersion, CreatedAt = time.GetUtcNow(), Source = Path.GetFullPath(dataDirectory) };
        var linked = 0;
        try
        {
            Directory.CreateDirectory(Path.Combine(target, NamespacesFolder));
            var done = 0;
            foreach (var ns in namespaces.OrderBy(n => n.Name, StringComparer.Ordinal))
            {
                using var snapshot = await ns.SnapshotAsync(Path.Combine(target, NamespacesFolder, ns.Name), cancellationToken).ConfigureAwait(false);
                await snapshot.CompleteAsync(cancellationToken).ConfigureAwait(false);
                linked += snapshot.Linked.Count;
                manifest.Namespaces.Add(new BackupNamespaceEntry { Name = snapshot.Name, Records = snapshot.Records, Model = snapshot.Model, Dimensions = snapshot.Dimensions });
                progress?.Report(++done);
            }

            foreach (var (name, entities, relations) in await graphs.BackupAsync(Path.Combine(target, ArrowGraphStore.GraphsFolder), cancellationToken).ConfigureAwait(false))
            {
                manifest.Graphs.Add(new BackupGraphEntry { Name = name, Entities = entities, Relations = relations });
            }

            var format = JsonSerializer.SerializeToUtf8Bytes(new StoreFormat(), StoreJsonContext.Default.StoreFormat);
            await DurableFile.PublishAsync(Path.Combine(target, StoreFormat.FileName), format, cancellationToken).ConfigureAwait(false);
            DurableFile.SyncDirectory(Path.Combine(target, NamespacesFolder));
            foreach (var path in Directory.GetFiles(target, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                manifest.Files.Add(await DescribeAsync(target, path, cancellationToken).ConfigureAwait(false));
            }

            // Written last: a backup folder without it was interrupted, and restore refuses it.
            await DurableFile.PublishAsync(Path.Combine(target, BackupManifest.FileName), JsonSerializer.SerializeToUtf8Bytes(manifest, BackupJsonContext.Default.BackupManifest), cancellationToken).ConfigureAwait(false);
            DurableFile.SyncDirectory(Path.GetDirectoryName(target) ?? target);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new McpMemoryException(
                McpMemoryErrorCodes.StorageFailure,
                $"The backup into '{target}' failed ({ex.Message}); the memory itself is untouched. The folder has no {BackupManifest.FileName}, so restore refuses it: delete it, free space or fix permissions, and run the backup again.",
                ex);
        }

        return new BackupSummary(
            target,
            manifest.CreatedAt,
            manifest.FormatVersion,
            manifest.Namespaces.Select(n => new NamespaceCount(n.Name, n.Records)).ToList(),
            manifest.Files.Count,
            manifest.Files.Sum(f => f.Bytes),
            linked);
    }

    /// <summary>Size and SHA-256 of a file, named relative to <paramref name="root"/>.</summary>
    public static async Task<BackupFileEntry> DescribeAsync(string root, string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        var hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
        return new BackupFileEntry
        {
            Path = Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/'),
            Bytes = stream.Length,
            Sha256 = Convert.ToHexStringLower(hash),
        };
    }

    private static void CheckTarget(string dataDirectory, string target)
    {
        var root = dataDirectory.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        if (string.Equals(target.TrimEnd(Path.DirectorySeparatorChar), dataDirectory.TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal) ||
            target.StartsWith(root, StringComparison.Ordinal))
        {
            throw new McpMemoryException(McpMemoryErrorCodes.InvalidArgument, $"The backup folder '{target}' is inside the data directory '{dataDirectory}'. Choose a folder outside it (ideally on another disk).");
        }

        if (File.Exists(target))
        {
            throw new McpMemoryException(McpMemoryErrorCodes.InvalidArgument, $"'{target}' is a file. Give a new folder for the backup.");
        }

        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
        {
            throw new McpMemoryException(McpMemoryErrorCodes.InvalidArgument, $"The backup folder '{target}' already exists and is not empty. Give a new folder (for example one named after today's date); nothing was written.");
        }
    }
}
