namespace McpMemory.Mcp.Upstreams;

/// <summary>
/// The upstream MCP servers mcp-memory connects to as a client, bound from <c>McpMemory:Upstreams</c>. Servers are
/// declared under <c>mcpServers</c> in the shape of a client's <c>mcp.json</c>; only configuration declares them, no tool
/// call can add one.
/// </summary>
public sealed class UpstreamOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "McpMemory:Upstreams";

    /// <summary>The servers, by name (1-64 lower-case letters, digits, '_' or '-'): their tools are registered as NAME.TOOL.</summary>
    public Dictionary<string, UpstreamServerOptions> McpServers { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The namespace whose tool registry receives the upstream tools; by default the local principal's default namespace.</summary>
    public string? Namespace { get; set; }

    /// <summary>How long starting a server and its MCP handshake may take.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one forwarded tool call may take.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The first wait before reconnecting to a server that failed or died; doubled after each failure.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between reconnection attempts.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a cached tool result is served.</summary>
    public TimeSpan CacheTtl { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The most cached tool results kept; the least recently used go first.</summary>
    public int MaxCacheEntries { get; set; } = 1_000;
}
