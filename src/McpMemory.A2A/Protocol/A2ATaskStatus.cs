namespace McpMemory.A2A.Protocol;

/// <summary>Where a task stands: its state, an optional message from the agent, and when it got there.</summary>
public sealed record A2ATaskStatus
{
    /// <summary>The state.</summary>
    public required A2ATaskState State { get; init; }

    /// <summary>What the agent says about it.</summary>
    public A2AMessage? Message { get; init; }

    /// <summary>When the task entered this state.</summary>
    public required DateTimeOffset Timestamp { get; init; }
}
