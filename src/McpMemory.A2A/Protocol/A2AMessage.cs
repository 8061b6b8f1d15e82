using System.Text.Json;

namespace McpMemory.A2A.Protocol;

/// <summary>One turn of a conversation between a client (<c>user</c>) and an agent (<c>agent</c>).</summary>
public sealed record A2AMessage
{
    /// <summary>The message's id, set by its sender.</summary>
    public required string MessageId { get; init; }

    /// <summary>The conversation it belongs to.</summary>
    public string? ContextId { get; init; }

    /// <summary>The task it belongs to.</summary>
    public string? TaskId { get; init; }

    /// <summary><c>user</c> or <c>agent</c>.</summary>
    public required string Role { get; init; }

    /// <summary>The content.</summary>
    public IReadOnlyList<A2APart> Parts { get; init; } = [];

    /// <summary>Optional metadata (a JSON object).</summary>
    public JsonElement? Metadata { get; init; }

    /// <summary>Tasks the sender refers to.</summary>
    public IReadOnlyList<string> ReferenceTaskIds { get; init; } = [];

    /// <summary>The role of a client.</summary>
    public const string UserRole = "user";

    /// <summary>The role of an agent.</summary>
    public const string AgentRole = "agent";
}
