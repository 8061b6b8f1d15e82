using System.Text.Json;

namespace McpMemory.A2A.Protocol;

/// <summary>A unit of work sent to the agent, with its status, outputs and the messages exchanged.</summary>
public sealed record A2ATask
{
    /// <summary>The task's id, set by the server.</summary>
    public required string Id { get; init; }

    /// <summary>The conversation it belongs to.</summary>
    public required string ContextId { get; init; }

    /// <summary>Where it stands.</summary>
    public required A2ATaskStatus Status { get; init; }

    /// <summary>Its outputs.</summary>
    public IReadOnlyList<A2AArtifact> Artifacts { get; init; } = [];

    /// <summary>The messages exchanged, oldest first.</summary>
    public IReadOnlyList<A2AMessage> History { get; init; } = [];

    /// <summary>Optional metadata.</summary>
    public JsonElement? Metadata { get; init; }

    /// <summary>The webhooks that get its updates (push notifications). Never sent to clients with the task.</summary>
    public IReadOnlyList<A2APushConfig> PushConfigs { get; init; } = [];

    /// <summary>The principal that created it; only that principal sees it. Never sent to clients.</summary>
    public required string Owner { get; init; }

    /// <summary>
    /// The id of the process that runs it (see the task runners of the server); null once no process works on it.
    /// Never sent to clients.
    /// </summary>
    public string? Runner { get; init; }

    /// <summary>When it was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }
}
