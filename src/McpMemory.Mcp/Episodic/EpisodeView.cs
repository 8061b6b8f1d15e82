using System.ComponentModel;
using System.Text.Json;
using McpMemory.Core.Episodic;

namespace McpMemory.Mcp.Episodic;

/// <summary>A record as tools return it.</summary>
public sealed record EpisodeView
{
    /// <summary>The record's id.</summary>
    [Description("The record's id.")]
    public required string Id { get; init; }

    /// <summary>The text.</summary>
    [Description("What was said or what happened.")]
    public required string Text { get; init; }

    /// <summary>Who said it.</summary>
    [Description("Who said it, if known.")]
    public string? Speaker { get; init; }

    /// <summary>The speaker's role.</summary>
    [Description("The speaker's role, if known.")]
    public string? Role { get; init; }

    /// <summary>When it happened.</summary>
    [Description("When it happened (ISO 8601, UTC).")]
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>The conversation.</summary>
    [Description("The conversation it belongs to.")]
    public string? ConversationId { get; init; }

    /// <summary>The session.</summary>
    [Description("The session within the conversation.")]
    public string? SessionId { get; init; }

    /// <summary>Metadata.</summary>
    [Description("Free metadata given when it was stored.")]
    public JsonElement? Metadata { get; init; }

    /// <summary>The client id given when it was stored.</summary>
    [Description("The client id given when it was stored.")]
    public string? ClientId { get; init; }

    /// <summary>Makes the view of <paramref name="episode"/>.</summary>
    public static EpisodeView From(Episode episode)
    {
        ArgumentNullException.ThrowIfNull(episode);
        return new EpisodeView
        {
            Id = episode.Id,
            Text = episode.Text,
            Speaker = episode.Speaker,
            Role = episode.Role,
            Timestamp = episode.Timestamp,
            ConversationId = episode.ConversationId,
            SessionId = episode.SessionId,
            Metadata = episode.Metadata is null ? null : JsonDocument.Parse(episode.Metadata).RootElement.Clone(),
            ClientId = episode.ClientId,
        };
    }
}
