using McpMemory.A2A.Protocol;

namespace McpMemory.A2A.Client;

/// <summary>
/// What the client needs from a peer's agent card: its name, the interface it calls (binding, endpoint and protocol
/// family), and its skills.
/// </summary>
public sealed record A2AAgentCard
{
    /// <summary>The agent's name.</summary>
    public required string Name { get; init; }

    /// <summary>What it says it does.</summary>
    public string? Description { get; init; }

    /// <summary>Where the card was read.</summary>
    public required Uri CardUrl { get; init; }

    /// <summary>The interface's URL: the JSON-RPC endpoint, or the base URL of the REST routes.</summary>
    public required Uri Endpoint { get; init; }

    /// <summary>The binding spoken at <see cref="Endpoint"/>: JSON-RPC when the card offers it, else HTTP+JSON.</summary>
    public A2ABinding Binding { get; init; } = A2ABinding.JsonRpc;

    /// <summary>The protocol family spoken at <see cref="Endpoint"/>: v1.0 when the card offers it, else v0.3.</summary>
    public required A2AFamily Family { get; init; }

    /// <summary>The protocol version the card states (<c>1.0</c>, <c>0.3.0</c>).</summary>
    public required string ProtocolVersion { get; init; }

    /// <summary>Whether the agent streams (<c>capabilities.streaming</c>).</summary>
    public bool Streaming { get; init; }

    /// <summary>The skills it advertises.</summary>
    public IReadOnlyList<A2APeerSkill> Skills { get; init; } = [];

    /// <summary>
    /// Whether the card's security requirements (v1.0 <c>securityRequirements</c>, v0.3 <c>security</c>) ask for
    /// credentials: some are listed and none of the alternatives is empty.
    /// </summary>
    public bool RequiresAuthentication { get; init; }

    /// <summary>The token sent to the agent as <c>Authorization: Bearer</c>; not from the card: whoever registers the agent gives it.</summary>
    public string? BearerToken { get; init; }
}
