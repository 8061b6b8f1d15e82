using System.Runtime.InteropServices;

namespace McpMemory.Storage.Arrow.Files;

/// <summary>
/// Publishes files so that a crash leaves either the old or the new version, never a torn one: write to a temporary
/// file, fsync it, rename it over the target, then fsync the directory so the rename itself is durable.
/// </summary>
internal static partial class DurableFile
{
    public const string TempSuffix = ".tmp";

    /// <summary>Writes a file through <paramref name="write"/> and publishes it atomically at <paramref name="path"/>.</summary>
    public static async Task PublishAsync(string path, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        var temp = path + "." + Guid.NewGuid().ToString("N")[..8] + TempSuffix;
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                await write(stream, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
#pragma warning disable CA1849 // fsync has no asynchronous form; this is the durability point.
                stream.Flush(flushToDisk: true);
#pragma warning restore CA1849
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }

        // The rename is the commit point: once it is done, the new file is what readers see, so a failing directory
        // sync must not be reported as a failed publication (callers would undo state that is already live).
        try
        {
            SyncDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Writes <paramref name="bytes"/> atomically at <paramref name="path"/>.</summary>
    public static Task PublishAsync(string path, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken) =>
        PublishAsync(path, (stream, ct) => stream.WriteAsync(bytes, ct).AsTask(), cancellationToken);

    /// <summary>Makes the entries of <paramref name="directory"/> (creations, renames, deletions) durable.</summary>
    public static void SyncDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return; // NTFS journals metadata; there is no directory fsync.
        }

        var fd = Open(directory, 0 /* O_RDONLY */);
        if (fd < 0)
        {
            throw new IOException($"Could not open directory '{directory}' to make it durable (errno {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"fsync of directory '{directory}' failed (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    /// <summary>Deletes a file if it exists, ignoring a file that is already gone.</summary>
    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
