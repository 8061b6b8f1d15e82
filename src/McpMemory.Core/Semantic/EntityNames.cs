using System.Text;

namespace McpMemory.Core.Semantic;

/// <summary>
/// Name rules. Names are stored exactly as given (the official memory server's tools match them exactly and
/// case-sensitively); the graph tools also find an entity by its normalised name or an alias, so that "Alice Smith"
/// and "alice  smith" resolve to one person.
/// </summary>
public static class EntityNames
{
    /// <summary>The most characters a name, type or predicate may have.</summary>
    public const int MaxNameLength = 500;

    /// <summary>Unicode NFKC, trimmed, inner whitespace collapsed to one space, lower case (invariant).</summary>
    public static string Normalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var folded = name.Normalize(NormalizationForm.FormKC);
        var builder = new StringBuilder(folded.Length);
        var pendingSpace = false;
        foreach (var c in folded)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }

    /// <summary>Throws a clear error unless <paramref name="value"/> is a usable name.</summary>
    public static string Check(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new McpMemoryException(McpMemoryErrorCodes.InvalidArgument, $"'{field}' is empty: give a name.");
        }

        if (value.Length > MaxNameLength)
        {
            throw new McpMemoryException(McpMemoryErrorCodes.InvalidArgument, $"'{field}' is {value.Length} characters long; the limit is {MaxNameLength}. Use a shorter name and put details in observations.");
        }

        return value;
    }
}
