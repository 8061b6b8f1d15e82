using System.Buffers.Text;
using System.Globalization;
using System.Text;
using McpMemory.Core;

namespace McpMemory.Mcp.Budgets;

/// <summary>Opaque cursors: the tool they belong to and a few numbers, in base64url.</summary>
public static class PageCursor
{
    /// <summary>Encodes a cursor of <paramref name="tool"/>.</summary>
    public static string Encode(string tool, params long[] values) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(tool + ":" + string.Join(':', values.Select(v => v.ToString(CultureInfo.InvariantCulture)))));

    /// <summary>Decodes a cursor of <paramref name="tool"/> holding <paramref name="count"/> numbers; null when none was given.</summary>
    public static long[]? Decode(string? cursor, string tool, int count)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return null;
        }

        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor)).Split(':');
            if (parts.Length == count + 1 && parts[0] == tool)
            {
                return parts.Skip(1).Select(p => long.Parse(p, NumberStyles.Integer, CultureInfo.InvariantCulture)).ToArray();
            }
        }
        catch (Exception ex) when (ex is FormatException or OverflowException)
        {
        }

        throw new McpMemoryException(McpMemoryErrorCodes.InvalidArgument, $"'cursor' is not a cursor of {tool}: pass back the 'nextCursor' (or 'next_cursor') value of the previous {tool} answer unchanged.");
    }
}
