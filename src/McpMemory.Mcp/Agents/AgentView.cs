using System.ComponentModel;
using System.Text.Json.Serialization;

namespace McpMemory.Mcp.Agents;

/// <summary>A registered peer agent and its load, as <c>agent_list</c> shows it.</summary>
public sealed record AgentView(
    [property: Description("The agent's name (from its card); agent_send takes it.")] string Name,
    [property: Description("What its card says it does.")] [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Description,
    [property: Description("Where its agent card was read.")] string CardUrl,
    [property: Description("The URL it is called at: its JSON-RPC endpoint, or the base URL of its REST routes.")] string Endpoint,
    [property: Description("The binding spoken with it: JSONRPC (preferred when its card offers it) or HTTP+JSON (REST).")] string Binding,
    [property: Description("The A2A version spoken with it: 1.0 or 0.3.")] string ProtocolVersion,
    [property: Description("Whether it streams (agent_send with stream=true).")] bool Streaming,
    [property: Description("Its skills.")] IReadOnlyList<AgentSkillView> Skills,
    [property: Description("Tasks this server has in flight with it now.")] int InFlight,
    [property: Description("How many tasks it should have in flight at once (set at agent_register).")] int Capacity,
    [property: Description("Whether a bearer token (given at agent_register) is sent to it; the token itself is never shown.")] bool SendsToken,
    [property: Description("When it last answered (its card or a task), ISO 8601.")] [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] DateTimeOffset? LastSeen,
    [property: Description("When it was registered, ISO 8601.")] DateTimeOffset RegisteredAt)
{
    internal static AgentView From(AgentPeer peer, int inFlight) =>
        new(peer.Name, peer.Description, peer.CardUrl, peer.Endpoint, peer.Binding, peer.ProtocolVersion, peer.Streaming, peer.Skills, inFlight, peer.Capacity, !string.IsNullOrEmpty(peer.Token), peer.LastSeen, peer.RegisteredAt);
}
