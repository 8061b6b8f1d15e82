using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpMemory.Tests.Interop;

/// <summary>The fixed script of knowledge-graph calls in <c>Data/server-memory-script.json</c>.</summary>
public static class GraphScript
{
    /// <summary>JSON for messages: unicode left as it is, so names like 東京 read as themselves.</summary>
    public static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Path { get; } = System.IO.Path.Combine(AppContext.BaseDirectory, "Data", "server-memory-script.json");

    /// <summary>Calls where ours is known to differ, beside the calls that keep the two graphs the same.</summary>
    public static string KnownDifferencesPath { get; } = System.IO.Path.Combine(AppContext.BaseDirectory, "Data", "server-memory-known-differences.json");

    public static IReadOnlyList<GraphCall> Load(string? path = null)
    {
        var root = JsonNode.Parse(File.ReadAllText(path ?? Path))!.AsObject();
        return root["calls"]!.AsArray().Select((node, index) =>
        {
            var call = node!.AsObject();
            var outcome = call["outcome"]?.GetValue<string>() switch
            {
                null => GraphOutcome.Same,
                "error" => GraphOutcome.Error,
                "ours-rejects" => GraphOutcome.OursRejects,
                "known-difference" => GraphOutcome.KnownDifference,
                var other => throw new InvalidDataException($"call {index + 1}: unknown outcome '{other}'"),
            };
            JsonElement? theirs = call["theirs"] is { } expected ? JsonSerializer.SerializeToElement(expected) : null;
            return new GraphCall(index + 1, call["note"]!.GetValue<string>(), call["tool"]!.GetValue<string>(), call["arguments"]!.AsObject(), outcome, theirs);
        }).ToList();
    }
}
