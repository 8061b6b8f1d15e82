namespace McpMemory.Storage.Arrow.Sharing;

/// <summary>
/// The exclusive OS lock that makes one process the owner of a data directory. On Unix, .NET takes it with
/// <c>flock(LOCK_EX | LOCK_NB)</c> when a file is opened with <see cref="FileShare.None"/>; the kernel releases it when
/// the process ends in any way, SIGKILL included, so a stale lock can never block a restart (unlike a PID file).
/// </summary>
internal sealed class StoreLock : IDisposable
{
    public const string FileName = "owner.lock";
    private readonly FileStream _stream;

    private StoreLock(FileStream stream) => _stream = stream;

    /// <summary>Takes the lock, or returns null when another process holds it.</summary>
    public static StoreLock? TryAcquire(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        try
        {
            var stream = new FileStream(Path.Combine(dataDirectory, FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            return new StoreLock(stream);
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Dispose() => _stream.Dispose();
}
