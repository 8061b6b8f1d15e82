using System.Text.Json;
using System.Text.Json.Serialization;

namespace McpMemory.Server.Demo;

/// <summary>The sample conversation the demo ingests, with questions and the turns that answer them.</summary>
internal sealed class DemoConversation
{
    private static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public required string ConversationId { get; init; }

    public required List<DemoTurn> Turns { get; init; }

    public required List<DemoQuestion> Questions { get; init; }

    public static DemoConversation Load()
    {
        using var stream = typeof(DemoConversation).Assembly.GetManifestResourceStream("McpMemory.Server.Demo.sample-conversation.json")
            ?? throw new InvalidOperationException("The demo conversation is missing from the build.");
        return JsonSerializer.Deserialize<DemoConversation>(stream, Options) ?? throw new InvalidOperationException("The demo conversation is empty.");
    }
}

/// <summary>One turn of the demo conversation.</summary>
internal sealed record DemoTurn(
    [property: JsonPropertyName("client_id")] string ClientId,
    [property: JsonPropertyName("session_id")] string SessionId,
    [property: JsonPropertyName("timestamp")] string Timestamp,
    [property: JsonPropertyName("speaker")] string Speaker,
    [property: JsonPropertyName("text")] string Text);

/// <summary>One demo question and the client ids of the turns that answer it.</summary>
internal sealed record DemoQuestion(
    [property: JsonPropertyName("question")] string Question,
    [property: JsonPropertyName("expected")] List<string> Expected);
