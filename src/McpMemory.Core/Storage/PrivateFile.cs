namespace McpMemory.Core.Storage;

/// <summary>
/// Files that may hold secrets (a webhook's credentials, a task's content): written whole to a temporary file that only
/// this user may read or write (0600 on Unix, whatever the umask), then renamed over the old file, so a reader sees the
/// old file or the new one, never half of one.
/// </summary>
public static class PrivateFile
{
    /// <summary>
    /// Writes <paramref name="bytes"/> to <paramref name="path"/> through <paramref name="temporary"/> (a name in the same
    /// folder that no one else writes); with <paramref name="flush"/> the bytes are on disk before the rename.
    /// </summary>
    public static void Write(string path, string temporary, ReadOnlySpan<byte> bytes, bool flush)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        // A temporary file a killed process left would keep its old permissions: it is made anew.
        File.Delete(temporary);
        using (var stream = new FileStream(temporary, options))
        {
            stream.Write(bytes);
            stream.Flush(flushToDisk: flush);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
