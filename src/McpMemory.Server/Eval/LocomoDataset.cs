using System.Globalization;
using System.Text.Json;
using McpMemory.Core;

namespace McpMemory.Server.Eval;

/// <summary>
/// Reads a file in the format of the LoCoMo long-term conversational memory benchmark (Maharana et al., ACL 2024): a
/// JSON array of samples, each with a <c>conversation</c> of numbered sessions (<c>session_N</c> turns and
/// <c>session_N_date_time</c>) and <c>qa</c> items whose <c>evidence</c> names turns by <c>dia_id</c>.
/// </summary>
internal static class LocomoDataset
{
    private static readonly string[] DateFormats =
    [
        "h:mm tt 'on' d MMMM, yyyy", "h:mm tt 'on' d MMM, yyyy", "h:mm tt 'on' dd MMMM, yyyy", "h:mm tt 'on' MMMM d, yyyy",
        "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd",
    ];

    public static List<LocomoConversation> Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new McpMemoryException(McpMemoryErrorCodes.InvalidArgument, $"The LoCoMo file '{Path.GetFullPath(path)}' does not exist. Pass --data with the path of a file in LoCoMo's format.");
        }

        using var stream = File.OpenRead(path);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(stream);
        }
        catch (JsonException ex)
        {
            throw new McpMemoryException(McpMemoryErrorCodes.InvalidArgument, $"'{path}' is not valid JSON ({ex.Message}).", ex);
        }

        using var _ = document;
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new McpMemoryException(McpMemoryErrorCodes.InvalidArgument, $"'{path}' must hold a JSON array of LoCoMo samples.");
        }

        var result = new List<LocomoConversation>();
        var index = 0;
        foreach (var sample in document.RootElement.EnumerateArray())
        {
            result.Add(ReadSample(sample, index++, path));
        }

        return result;
    }

    private static LocomoConversation ReadSample(JsonElement sample, int index, string path)
    {
        var id = sample.TryGetProperty("sample_id", out var sid) ? sid.ToString() : $"sample-{index}";
        if (!sample.TryGetProperty("conversation", out var conversation) || conversation.ValueKind != JsonValueKind.Object)
        {
            throw new McpMemoryException(McpMemoryErrorCodes.InvalidArgument, $"Sample {index} ('{id}') of '{path}' has no 'conversation' object.");
        }

        var sessions = new List<(int Number, DateTimeOffset Start, JsonElement Turns)>();
        foreach (var property in conversation.EnumerateObject())
        {
            if (!property.Name.StartsWith("session_", StringComparison.Ordinal) || property.Value.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            if (!int.TryParse(property.Name.AsSpan("session_".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                continue;
            }

            var start = conversation.TryGetProperty($"session_{number}_date_time", out var when) && when.ValueKind == JsonValueKind.String
                ? ParseDate(when.GetString()!, id, number)
                : DateTimeOffset.UnixEpoch.AddDays(number);
            sessions.Add((number, start, property.Value));
        }

        var turns = new List<LocomoTurn>();
        foreach (var (number, start, items) in sessions.OrderBy(s => s.Number))
        {
            var position = 0;
            foreach (var turn in items.EnumerateArray())
            {
                var text = turn.TryGetProperty("text", out var t) ? t.GetString() ?? "" : "";
                var caption = turn.TryGetProperty("blip_caption", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
                turns.Add(new LocomoTurn(
                    turn.GetProperty("dia_id").GetString()!.Trim(),
                    turn.TryGetProperty("speaker", out var s) ? s.GetString() ?? "" : "",
                    text,
                    caption,
                    number,
                    start.AddSeconds(30 * position++)));
            }
        }

        var questions = new List<LocomoQuestion>();
        if (sample.TryGetProperty("qa", out var qa) && qa.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in qa.EnumerateArray())
            {
                var category = item.TryGetProperty("category", out var cat) && cat.ValueKind == JsonValueKind.Number ? cat.GetInt32() : 0;
                var evidence = new List<string>();
                if (item.TryGetProperty("evidence", out var ev) && ev.ValueKind == JsonValueKind.Array)
                {
                    foreach (var e in ev.EnumerateArray())
                    {
                        if (e.ValueKind == JsonValueKind.String)
                        {
                            evidence.AddRange(e.GetString()!.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                        }
                    }
                }

                questions.Add(new LocomoQuestion(item.GetProperty("question").GetString() ?? "", category, evidence));
            }
        }

        return new LocomoConversation(id, turns, questions);
    }

    private static DateTimeOffset ParseDate(string value, string sample, int session)
    {
        if (DateTimeOffset.TryParseExact(value.Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var parsed) ||
            DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out parsed))
        {
            return parsed;
        }

        throw new McpMemoryException(McpMemoryErrorCodes.InvalidArgument, $"Sample '{sample}' session {session} has a date-time '{value}' that is not understood (expected like '1:56 pm on 8 May, 2023').");
    }
}
