namespace McpMemory.A2A.Protocol;

/// <summary>Spelling and parsing of <see cref="A2ATaskState"/> in both protocol families.</summary>
public static class A2ATaskStates
{
    private static readonly (A2ATaskState State, string V1, string V03)[] Names =
    [
        (A2ATaskState.Unspecified, "TASK_STATE_UNSPECIFIED", "unknown"),
        (A2ATaskState.Submitted, "TASK_STATE_SUBMITTED", "submitted"),
        (A2ATaskState.Working, "TASK_STATE_WORKING", "working"),
        (A2ATaskState.Completed, "TASK_STATE_COMPLETED", "completed"),
        (A2ATaskState.Failed, "TASK_STATE_FAILED", "failed"),
        (A2ATaskState.Canceled, "TASK_STATE_CANCELED", "canceled"),
        (A2ATaskState.InputRequired, "TASK_STATE_INPUT_REQUIRED", "input-required"),
        (A2ATaskState.Rejected, "TASK_STATE_REJECTED", "rejected"),
        (A2ATaskState.AuthRequired, "TASK_STATE_AUTH_REQUIRED", "auth-required"),
    ];

    /// <summary>True for completed, failed, canceled and rejected: the task changes no more.</summary>
    public static bool IsTerminal(this A2ATaskState state) =>
        state is A2ATaskState.Completed or A2ATaskState.Failed or A2ATaskState.Canceled or A2ATaskState.Rejected;

    /// <summary>
    /// True for input-required and auth-required: the agent has stopped for now and waits for the client's next message
    /// in the same task.
    /// </summary>
    public static bool IsInterrupted(this A2ATaskState state) =>
        state is A2ATaskState.InputRequired or A2ATaskState.AuthRequired;

    /// <summary>True when the agent's turn is over: a terminal or an interrupted state. Streams and blocking sends end there.</summary>
    public static bool EndsTurn(this A2ATaskState state) => state.IsTerminal() || state.IsInterrupted();

    /// <summary>The state as <paramref name="family"/> writes it.</summary>
    public static string Format(A2ATaskState state, A2AFamily family)
    {
        foreach (var (candidate, v1, v03) in Names)
        {
            if (candidate == state)
            {
                return family == A2AFamily.V1 ? v1 : v03;
            }
        }

        return family == A2AFamily.V1 ? "TASK_STATE_UNSPECIFIED" : "unknown";
    }

    /// <summary>
    /// Reads a state in either spelling (<c>TASK_STATE_COMPLETED</c>, <c>completed</c>, <c>input-required</c>,
    /// <c>input_required</c>, any case) or as its proto number; null when it is none of them.
    /// </summary>
    public static A2ATaskState? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var trimmed = text.Trim();
        if (int.TryParse(trimmed, out var number))
        {
            return Enum.IsDefined(typeof(A2ATaskState), number) ? (A2ATaskState)number : null;
        }

        var normalised = trimmed.Replace('-', '_').ToUpperInvariant();
        if (normalised == "CANCELLED")
        {
            normalised = "CANCELED";
        }

        foreach (var (state, v1, v03) in Names)
        {
            if (normalised == v1 || normalised == v03.Replace('-', '_').ToUpperInvariant())
            {
                return state;
            }
        }

        return null;
    }

    /// <summary>Every spelling accepted, for error messages.</summary>
    public static string Describe() => string.Join(", ", Names.Skip(1).Select(n => $"{n.V1} or {n.V03}"));
}
