using McpMemory.Storage.Arrow.Files;

namespace McpMemory.Storage.Arrow.Lifecycle;

/// <summary>
/// A namespace's state at one moment, taken under its write gate: segment files already linked into the backup, the
/// manifest's bytes, and log files opened for copying. <see cref="CompleteAsync"/> writes the rest outside the gate.
/// </summary>
internal sealed class NamespaceSnapshot : IDisposable
{
    private readonly byte[] _manifest;
    private readonly string _manifestPath;
    private readonly List<PendingCopy> _copies;

    public NamespaceSnapshot(string name, string model, int dimensions, long records, byte[] manifest, string manifestPath, List<PendingCopy> copies, List<string> linked)
    {
        Name = name;
        Model = model;
        Dimensions = dimensions;
        Records = records;
        _manifest = manifest;
        _manifestPath = manifestPath;
        _copies = copies;
        Linked = linked;
    }

    public string Name { get; }

    public string Model { get; }

    public int Dimensions { get; }

    /// <summary>Live records at the moment of the snapshot.</summary>
    public long Records { get; }

    /// <summary>Segment files hard-linked into the backup.</summary>
    public IReadOnlyList<string> Linked { get; }

    /// <summary>Copies the log files and writes the manifest, durably.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        foreach (var copy in _copies)
        {
            await copy.CopyAsync(cancellationToken).ConfigureAwait(false);
        }

        await DurableFile.PublishAsync(_manifestPath, _manifest, cancellationToken).ConfigureAwait(false);
        foreach (var folder in _copies.Select(c => Path.GetDirectoryName(c.Destination)!).Concat(Linked.Select(l => Path.GetDirectoryName(l)!)).Distinct(StringComparer.Ordinal))
        {
            DurableFile.SyncDirectory(folder);
        }
    }

    public void Dispose()
    {
        foreach (var copy in _copies)
        {
            copy.Dispose();
        }
    }
}
