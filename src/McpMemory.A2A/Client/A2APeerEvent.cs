using McpMemory.A2A.Protocol;

namespace McpMemory.A2A.Client;

/// <summary>
/// What a peer answers or streams: the whole task, a status change, a new artifact, or (for agents that answer
/// without a task) a message. Exactly one of <see cref="Task"/>, <see cref="Status"/>, <see cref="Artifact"/> and
/// <see cref="Message"/> is set.
/// </summary>
public sealed record A2APeerEvent
{
    /// <summary>The task as it stands.</summary>
    public A2ATask? Task { get; init; }

    /// <summary>A new status of task <see cref="TaskId"/>.</summary>
    public A2ATaskStatus? Status { get; init; }

    /// <summary>A new artifact of task <see cref="TaskId"/>.</summary>
    public A2AArtifact? Artifact { get; init; }

    /// <summary>A direct answer, without a task.</summary>
    public A2AMessage? Message { get; init; }

    /// <summary>The task the event belongs to, when it belongs to one.</summary>
    public string? TaskId { get; init; }

    /// <summary>The state the task is in after this event, when the event says.</summary>
    public A2ATaskState? State => Task?.Status.State ?? Status?.State;

    /// <summary>True when nothing more follows: a terminal state, a message, or a task that waits for input.</summary>
    public bool IsFinal => Message is not null || State is { } state && (state.IsTerminal() || state is A2ATaskState.InputRequired or A2ATaskState.AuthRequired);
}
