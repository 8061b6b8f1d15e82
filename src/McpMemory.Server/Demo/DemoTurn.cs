using System.Text.Json;
using System.Text.Json.Serialization;

namespace McpMemory.Server.Demo;

/// <summary>One turn of the demo conversation.</summary>
internal sealed record DemoTurn(
    [property: JsonPropertyName("client_id")] string ClientId,
    [property: JsonPropertyName("session_id")] string SessionId,
    [property: JsonPropertyName("timestamp")] string Timestamp,
    [property: JsonPropertyName("speaker")] string Speaker,
    [property: JsonPropertyName("text")] string Text);
