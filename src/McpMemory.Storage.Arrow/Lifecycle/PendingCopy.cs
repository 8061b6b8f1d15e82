namespace McpMemory.Storage.Arrow.Lifecycle;

/// <summary>
/// A file opened while the namespace's write gate was held, to be copied after it is released: the first
/// <see cref="Length"/> bytes are exactly those of that moment (logs only grow; segments never change).
/// </summary>
internal sealed class PendingCopy : IDisposable
{
    private PendingCopy(FileStream source, long length, string destination)
    {
        Source = source;
        Length = length;
        Destination = destination;
    }

    public FileStream Source { get; }

    public long Length { get; }

    public string Destination { get; }

    /// <summary>Opens <paramref name="path"/> for a later copy of its first <paramref name="length"/> bytes (all of it when null).</summary>
    public static PendingCopy Open(string path, string destination, long? length)
    {
        // Share everything: the owner keeps appending to the current log and may delete files a checkpoint replaced;
        // the open handle keeps their bytes readable until the copy is done.
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, FileOptions.Asynchronous);
        return new PendingCopy(stream, length ?? stream.Length, destination);
    }

    /// <summary>Copies the noted bytes into a new file at <see cref="Destination"/> and makes it durable.</summary>
    public async Task CopyAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[1 << 16];
        Source.Position = 0;
        await using var target = new FileStream(Destination, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
        var left = Length;
        while (left > 0)
        {
            var read = await Source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new IOException($"'{Source.Name}' ended {left} bytes early while it was being backed up.");
            }

            await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            left -= read;
        }

        await target.FlushAsync(cancellationToken).ConfigureAwait(false);
#pragma warning disable CA1849 // fsync has no asynchronous form.
        target.Flush(flushToDisk: true);
#pragma warning restore CA1849
    }

    public void Dispose() => Source.Dispose();
}
