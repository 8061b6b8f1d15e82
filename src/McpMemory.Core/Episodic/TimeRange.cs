using System.Globalization;

namespace McpMemory.Core.Episodic;

/// <summary>Parses the times callers send.</summary>
public static class TimeRange
{
    /// <summary>
    /// Parses an ISO 8601 date or date-time (a date alone means its midnight UTC; no offset means UTC). Null or empty
    /// gives null. Anything else is an <see cref="McpMemoryException"/> naming <paramref name="field"/>.
    /// </summary>
    public static DateTimeOffset? Parse(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var parsed))
        {
            return parsed;
        }

        throw new McpMemoryException(
            McpMemoryErrorCodes.InvalidArgument,
            $"'{field}' value '{(value.Length > 60 ? value[..60] + "…" : value)}' is not a date-time: use ISO 8601 such as '2024-05-08T13:56:00Z' or '2024-05-08'.");
    }

    /// <summary>Parses a from/to pair and checks that from is before to.</summary>
    public static (DateTimeOffset? From, DateTimeOffset? To) ParseRange(string? from, string? to, string fromField = "from", string toField = "to")
    {
        var start = Parse(from, fromField);
        var end = Parse(to, toField);
        if (start is not null && end is not null && start >= end)
        {
            throw new McpMemoryException(
                McpMemoryErrorCodes.InvalidArgument,
                $"'{fromField}' ({start:O}) must be before '{toField}' ({end:O}): the range includes '{fromField}' and excludes '{toField}'.");
        }

        return (start, end);
    }
}
