using System.Runtime.InteropServices;

namespace McpMemory.Storage.Arrow.Lifecycle;

/// <summary>Hard links for immutable files: a second name for the same bytes, made in microseconds and using no space.</summary>
internal static partial class HardLink
{
    /// <summary>
    /// Links <paramref name="newPath"/> to <paramref name="existing"/>; false when that is not possible (another file
    /// system, a file system without links, Windows), and the caller copies instead.
    /// </summary>
    public static bool TryCreate(string existing, string newPath)
    {
        if (OperatingSystem.IsWindows())
        {
            return false;
        }

        return Link(existing, newPath) == 0;
    }

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string existing, string newPath);
}
