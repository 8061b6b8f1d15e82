namespace McpMemory.Core.Episodic;

/// <summary>One remembered event or conversation turn.</summary>
public sealed record Episode
{
    /// <summary>The store-wide id (time-ordered).</summary>
    public required string Id { get; init; }

    /// <summary>What was said or what happened.</summary>
    public required string Text { get; init; }

    /// <summary>Who said it, if anyone.</summary>
    public string? Speaker { get; init; }

    /// <summary>The speaker's role (user, assistant, tool, system, or any label).</summary>
    public string? Role { get; init; }

    /// <summary>When it happened in the world.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>The conversation it belongs to.</summary>
    public string? ConversationId { get; init; }

    /// <summary>The session within the conversation.</summary>
    public string? SessionId { get; init; }

    /// <summary>Free metadata: a JSON object as text, or null.</summary>
    public string? Metadata { get; init; }

    /// <summary>The caller's own id for the write; a retried write with the same id is a no-op.</summary>
    public string? ClientId { get; init; }

    /// <summary>When the memory recorded it.</summary>
    public DateTimeOffset RecordedAt { get; init; }
}
