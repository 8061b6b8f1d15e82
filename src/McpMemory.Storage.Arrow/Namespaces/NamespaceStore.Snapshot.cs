using System.Text.Json;
using McpMemory.Storage.Arrow.Files;
using McpMemory.Storage.Arrow.Lifecycle;

namespace McpMemory.Storage.Arrow.Namespaces;

/// <summary>Consistent snapshots for backups, taken while readers and writers carry on.</summary>
internal sealed partial class NamespaceStore
{
    /// <summary>
    /// Starts a snapshot of this namespace into <paramref name="target"/>. Holds the write gate only for moments: to
    /// hard-link the segment files the manifest lists (they never change), take the manifest, and open every log file
    /// from the manifest's <see cref="NamespaceManifest.WalStart"/> on, noting its current length. The open handles
    /// keep the bytes readable even when a checkpoint drops the files later, and the logs only grow, so
    /// <see cref="NamespaceSnapshot.CompleteAsync"/> copies exactly the state of that moment after the gate is released.
    /// </summary>
    public async Task<NamespaceSnapshot> SnapshotAsync(string target, CancellationToken cancellationToken)
    {
        var segmentTarget = Path.Combine(target, SegmentFolder);
        var walTarget = Path.Combine(target, WalFolder);
        System.IO.Directory.CreateDirectory(segmentTarget);
        System.IO.Directory.CreateDirectory(walTarget);
        var copies = new List<PendingCopy>();
        var linked = new List<string>();
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var manifest = _manifest;
            long records;
            _lock.EnterReadLock();
            try
            {
                records = _liveCount;
            }
            finally
            {
                _lock.ExitReadLock();
            }

            foreach (var segment in manifest.Segments)
            {
                var source = Path.Combine(SegmentDirectory, segment.File);
                var destination = Path.Combine(segmentTarget, segment.File);
                if (HardLink.TryCreate(source, destination))
                {
                    linked.Add(destination);
                }
                else
                {
                    copies.Add(PendingCopy.Open(source, destination, length: null));
                }
            }

            var current = _wal!;
            foreach (var path in System.IO.Directory.GetFiles(WalDirectory, "*.wal"))
            {
                if (!TryParseWalNumber(path, out var number) || number < manifest.WalStart || number > _walNumber)
                {
                    continue;
                }

                var isCurrent = string.Equals(Path.GetFullPath(path), Path.GetFullPath(current.Path), StringComparison.Ordinal);
                copies.Add(PendingCopy.Open(path, Path.Combine(walTarget, WalFileName(number)), isCurrent ? current.Length : null));
            }

            var manifestBytes = JsonSerializer.SerializeToUtf8Bytes(manifest, StoreJsonContext.Default.NamespaceManifest);
            return new NamespaceSnapshot(Name, Model, Dimensions, records, manifestBytes, Path.Combine(target, ManifestFile), copies, linked);
        }
        catch
        {
            foreach (var copy in copies)
            {
                copy.Dispose();
            }

            throw;
        }
        finally
        {
            _writeGate.Release();
        }
    }
}
