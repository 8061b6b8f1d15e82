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
