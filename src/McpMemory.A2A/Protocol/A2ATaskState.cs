namespace McpMemory.A2A.Protocol;

/// <summary>The states of an A2A task (the spec's <c>TaskState</c>, same numbers as the proto enum).</summary>
public enum A2ATaskState
{
    /// <summary>Not set.</summary>
    Unspecified = 0,

    /// <summary>Accepted, not started.</summary>
    Submitted = 1,

    /// <summary>Running.</summary>
    Working = 2,

    /// <summary>Finished successfully (terminal).</summary>
    Completed = 3,

    /// <summary>Finished with an error (terminal).</summary>
    Failed = 4,

    /// <summary>Cancelled by a client (terminal).</summary>
    Canceled = 5,

    /// <summary>Waits for more input from the client.</summary>
    InputRequired = 6,

    /// <summary>The agent refused the task (terminal).</summary>
    Rejected = 7,

    /// <summary>Waits for authentication.</summary>
    AuthRequired = 8,
}
