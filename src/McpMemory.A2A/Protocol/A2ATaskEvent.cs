namespace McpMemory.A2A.Protocol;

/// <summary>What a task stream carries: the task itself, a status change, or a new artifact.</summary>
public abstract record A2ATaskEvent
{
    private A2ATaskEvent()
    {
    }

    /// <summary>The whole task as it stands (the first event of a stream).</summary>
    public sealed record Snapshot(A2ATask Task) : A2ATaskEvent;

    /// <summary>The task moved to a new status.</summary>
    public sealed record StatusUpdate(string TaskId, string ContextId, A2ATaskStatus Status) : A2ATaskEvent;

    /// <summary>The task produced an artifact.</summary>
    public sealed record ArtifactUpdate(string TaskId, string ContextId, A2AArtifact Artifact) : A2ATaskEvent;
}
