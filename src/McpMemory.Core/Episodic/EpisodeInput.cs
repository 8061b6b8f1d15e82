using System.Text.Json;

namespace McpMemory.Core.Episodic;

/// <summary>One record to remember, as a caller sends it.</summary>
public sealed record EpisodeInput
{
    /// <summary>What was said or what happened. Required.</summary>
    public string? Text { get; init; }

    /// <summary>Who said it.</summary>
    public string? Speaker { get; init; }

    /// <summary>The speaker's role (user, assistant, tool, system, or any label).</summary>
    public string? Role { get; init; }

    /// <summary>When it happened, ISO 8601; the time of the write when left out.</summary>
    public string? Timestamp { get; init; }

    /// <summary>The conversation it belongs to.</summary>
    public string? ConversationId { get; init; }

    /// <summary>The session within the conversation.</summary>
    public string? SessionId { get; init; }

    /// <summary>Free metadata: a JSON object.</summary>
    public JsonElement? Metadata { get; init; }

    /// <summary>The caller's own id; a retried write with the same client id is a no-op.</summary>
    public string? ClientId { get; init; }
}
