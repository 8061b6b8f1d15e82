using System.Text.Json;

namespace McpMemory.Benchmarks;

/// <summary>Real conversation turns from the LoCoMo file, for embedding at realistic lengths.</summary>
internal static class LocomoTurns
{
    /// <summary>All turn texts of every conversation, in file order.</summary>
    public static List<string> Load(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var texts = new List<string>();
        foreach (var sample in document.RootElement.EnumerateArray())
        {
            foreach (var session in sample.GetProperty("conversation").EnumerateObject())
            {
                if (session.Value.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }

                foreach (var turn in session.Value.EnumerateArray())
                {
                    if (turn.TryGetProperty("text", out var text) && text.GetString() is { Length: > 0 } value)
                    {
                        texts.Add(value);
                    }
                }
            }
        }

        return texts;
    }

    /// <summary><paramref name="count"/> turns spread evenly over the file (the same ones every run).</summary>
    public static List<string> Sample(string path, int count)
    {
        var all = Load(path);
        var step = Math.Max(1, all.Count / count);
        return [.. Enumerable.Range(0, Math.Min(count, all.Count)).Select(i => all[(i * step) % all.Count])];
    }
}
