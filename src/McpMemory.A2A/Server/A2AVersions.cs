using McpMemory.A2A.Protocol;

namespace McpMemory.A2A.Server;

/// <summary>The <c>A2A-Version</c> header: which versions we speak.</summary>
internal static class A2AVersions
{
    public const string HeaderName = "A2A-Version";

    /// <summary>The family a version names, or null when we do not speak it (an empty header is v0.3, as the spec says).</summary>
    public static A2AFamily? Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return A2AFamily.V03;
        }

        var parts = header.Trim().Split('.');
        if (!int.TryParse(parts[0], out var major))
        {
            return null;
        }

        var minor = parts.Length > 1 && int.TryParse(parts[1], out var m) ? m : parts.Length > 1 ? -1 : 0;
        return (major, minor) switch
        {
            (1, 0) => A2AFamily.V1,
            (0, 3) => A2AFamily.V03,
            _ => null,
        };
    }
}
