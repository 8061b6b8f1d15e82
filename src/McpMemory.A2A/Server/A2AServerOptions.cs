namespace McpMemory.A2A.Server;

/// <summary>How the A2A server presents itself, bound from <c>McpMemory:A2A</c>.</summary>
public sealed class A2AServerOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "McpMemory:A2A";

    /// <summary>The agent's name on its card.</summary>
    public string Name { get; set; } = "mcp-memory";

    /// <summary>The agent's description on its card.</summary>
    public string Description { get; set; } = "Long-term memory for agents: remember events and facts, recall them by meaning and keywords.";

    /// <summary>The agent's version on its card.</summary>
    public string Version { get; set; } = "0.1.0";

    /// <summary>Where JSON-RPC requests go (both families).</summary>
    public string JsonRpcPath { get; set; } = "/a2a";

    /// <summary>Where the HTTP+JSON (REST) binding's v1.0 routes start (<c>/a2a/rest/message:send</c>, ...).</summary>
    public string RestPath { get; set; } = "/a2a/rest";

    /// <summary>The gRPC endpoint's URL (<c>http://127.0.0.1:5078</c>) to list on the card, when gRPC is served; set by the host from <c>--grpc-urls</c>.</summary>
    public string? GrpcUrl { get; set; }

    /// <summary>The HTTP base URL (<c>http://127.0.0.1:5077</c>) that the card fetched over gRPC points JSON-RPC and REST to; set by the host.</summary>
    public string? HttpBaseUrl { get; set; }

    /// <summary>How many hits a recall returns when the message does not say (<c>k</c>).</summary>
    public int RecallResults { get; set; } = 5;

    /// <summary>
    /// URL prefixes that push-notification webhooks may use (<c>https://hooks.example.com/</c>); a webhook outside them is
    /// refused. Empty (the default) turns push notifications off.
    /// </summary>
    public List<string> PushAllowedUrls { get; set; } = [];

    /// <summary>
    /// How long a task that has ended (completed, failed, canceled, rejected) is kept after it ended, default 30
    /// days; then its file is deleted and GetTask no longer finds it. Zero keeps tasks for ever. What a task stored in
    /// the memory (episodes, facts) stays: only the task's record goes.
    /// </summary>
    public TimeSpan TaskRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How many times one notification is tried before it is given up (at least once).</summary>
    public int PushMaxAttempts { get; set; } = 5;

    /// <summary>The wait after the first failed try; each later wait doubles it.</summary>
    public TimeSpan PushInitialBackoff { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The largest JSON-RPC or REST request body taken, in bytes (default 16 MiB); a larger one is refused.</summary>
    public long MaxRequestBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>True when requests need a bearer token; the card then lists the bearer security scheme.</summary>
    public bool RequireBearerToken { get; set; }
}
