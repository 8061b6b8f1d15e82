using System.Security.Cryptography;
using System.Text;

namespace McpMemory.Storage.Arrow.Sharing;

/// <summary>Where the owner of a data directory listens: a Unix domain socket in the directory itself.</summary>
internal static class StoreSocket
{
    private const string FileName = "owner.sock";
    private const int MaxSocketPath = 100;

    /// <summary>The socket path for <paramref name="dataDirectory"/>; a short path in the temp folder when the natural one is too long for the OS.</summary>
    public static string PathFor(string dataDirectory)
    {
        var full = Path.GetFullPath(dataDirectory);
        var path = Path.Combine(full, FileName);
        if (Encoding.UTF8.GetByteCount(path) <= MaxSocketPath)
        {
            return path;
        }

        // Too long for a socket address: use the user's private runtime folder when there is one.
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(full)))[..16];
        var runtime = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
        var folder = !string.IsNullOrEmpty(runtime) && Directory.Exists(runtime) ? runtime : Path.GetTempPath();
        return Path.Combine(folder, $"mcp-memory-{hash}.sock");
    }
}
