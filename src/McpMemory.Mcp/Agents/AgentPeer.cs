using McpMemory.A2A.Client;
using McpMemory.A2A.Protocol;

namespace McpMemory.Mcp.Agents;

/// <summary>A registered peer agent, as kept in <c>DATA_DIR/agents/peers.json</c>.</summary>
public sealed record AgentPeer
{
    /// <summary>The name on its card; peers are known by it.</summary>
    public required string Name { get; init; }

    /// <summary>What its card says it does.</summary>
    public string? Description { get; init; }

    /// <summary>Where its card was read.</summary>
    public required string CardUrl { get; init; }

    /// <summary>The URL it is called at: its JSON-RPC endpoint, or the base URL of its REST routes.</summary>
    public required string Endpoint { get; init; }

    /// <summary>
    /// The binding spoken with it, as cards name it: <c>JSONRPC</c> or <c>HTTP+JSON</c>. Files written before the
    /// client spoke REST have no such field, and mean JSON-RPC (a missing or empty value reads as <c>JSONRPC</c>).
    /// </summary>
    public string Binding { get; init => field = string.IsNullOrEmpty(value) ? JsonRpcBinding : value; } = JsonRpcBinding;

    /// <summary>The A2A version spoken with it: <c>1.0</c> or <c>0.3</c>.</summary>
    public required string ProtocolVersion { get; init; }

    /// <summary>Whether it streams.</summary>
    public bool Streaming { get; init; }

    /// <summary>Its skills' ids, and the tags that also route work to it.</summary>
    public IReadOnlyList<AgentSkillView> Skills { get; init; } = [];

    /// <summary>How many tasks it should have in flight at once; routing prefers the least loaded (in flight / capacity).</summary>
    public int Capacity { get; init; } = 4;

    /// <summary>The principal that registered it; only that principal sees and calls it (null: registered before owners were kept, shared).</summary>
    public string? Owner { get; init; }

    /// <summary>The bearer token sent to it, when its card asks for credentials; never shown by the tools.</summary>
    public string? Token { get; init; }

    /// <summary>When it was registered.</summary>
    public DateTimeOffset RegisteredAt { get; init; }

    /// <summary>When it last answered.</summary>
    public DateTimeOffset? LastSeen { get; init; }

    /// <summary>The name of the JSON-RPC binding.</summary>
    public const string JsonRpcBinding = "JSONRPC";

    /// <summary>The name of the HTTP+JSON (REST) binding.</summary>
    public const string HttpJsonBinding = "HTTP+JSON";

    /// <summary>True when it advertises <paramref name="skill"/> as a skill id or tag (case-insensitive).</summary>
    public bool Has(string skill) => Skills.Any(s => string.Equals(s.Id, skill, StringComparison.OrdinalIgnoreCase) || s.Tags.Any(t => string.Equals(t, skill, StringComparison.OrdinalIgnoreCase)));

    /// <summary>The card the client calls it with; its URLs are checked again, since the file may have been edited.</summary>
    public A2AAgentCard ToCard() => new()
    {
        Name = Name,
        Description = Description,
        CardUrl = HttpUrl(CardUrl, "card_url"),
        Endpoint = HttpUrl(Endpoint, "endpoint"),
        Binding = Binding switch
        {
            JsonRpcBinding => A2ABinding.JsonRpc,
            HttpJsonBinding => A2ABinding.HttpJson,
            _ => throw new Core.McpMemoryException(Core.McpMemoryErrorCodes.InvalidArgument, $"Agent '{Name}' has the binding '{Binding}' in agents/peers.json, which is neither {JsonRpcBinding} nor {HttpJsonBinding}: register the agent again with agent_register."),
        },
        Family = ProtocolVersion.StartsWith('1') ? A2AFamily.V1 : A2AFamily.V03,
        ProtocolVersion = ProtocolVersion,
        Streaming = Streaming,
        Skills = [.. Skills.Select(s => new A2APeerSkill(s.Id, s.Name, s.Description, s.Tags))],
        BearerToken = Token,
    };

    private Uri HttpUrl(string url, string field) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new Core.McpMemoryException(Core.McpMemoryErrorCodes.InvalidArgument, $"Agent '{Name}' has the {field} '{url}' in agents/peers.json, which is not an http or https URL: register the agent again with agent_register.");

    /// <summary>The peer for a card just read.</summary>
    public static AgentPeer From(A2AAgentCard card, int capacity, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(card);
        return new AgentPeer
        {
            Name = card.Name,
            Description = card.Description,
            CardUrl = card.CardUrl.ToString(),
            Endpoint = card.Endpoint.ToString(),
            Binding = card.Binding == A2ABinding.HttpJson ? HttpJsonBinding : JsonRpcBinding,
            ProtocolVersion = card.Family == A2AFamily.V1 ? "1.0" : "0.3",
            Streaming = card.Streaming,
            Skills = [.. card.Skills.Select(s => new AgentSkillView(s.Id, s.Name, s.Description, s.Tags))],
            Capacity = capacity,
            RegisteredAt = now,
            LastSeen = now,
        };
    }
}
