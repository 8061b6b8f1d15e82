namespace McpMemory.Mcp.Agents;

/// <summary>How one message to a peer ended: its task's final state and outputs, or its direct reply.</summary>
public sealed record AgentExchange(
    string Agent,
    string? TaskId,
    string? ContextId,
    string State,
    string Text,
    string? StatusMessage,
    IReadOnlyList<AgentArtifactView> Artifacts,
    int Updates)
{
    /// <summary>True when the peer finished the work: its task completed, or it answered with a message.</summary>
    public bool Succeeded => State is "completed" or "message";

    /// <summary>True when the peer ended its turn asking for input: its task is open, waiting for a follow-up message.</summary>
    public bool WaitsForInput => State is "input-required" or "auth-required";
}
