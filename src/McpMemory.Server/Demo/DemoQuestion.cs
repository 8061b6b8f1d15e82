using System.Text.Json;
using System.Text.Json.Serialization;

namespace McpMemory.Server.Demo;

/// <summary>One demo question and the client ids of the turns that answer it.</summary>
internal sealed record DemoQuestion(
    [property: JsonPropertyName("question")] string Question,
    [property: JsonPropertyName("expected")] List<string> Expected);
