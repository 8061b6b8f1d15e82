namespace McpMemory.Mcp.Upstreams;

/// <summary>One upstream MCP server, as a client's <c>mcp.json</c> declares it: a command over stdio, or a URL.</summary>
public sealed class UpstreamServerOptions
{
    /// <summary>The program to start (stdio); give this or <see cref="Url"/>.</summary>
    public string? Command { get; set; }

    /// <summary>Its arguments.</summary>
    public List<string> Args { get; set; } = [];

    /// <summary>Environment variables to set for it.</summary>
    public Dictionary<string, string?> Env { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The folder to start it in; by default the server's own.</summary>
    public string? Cwd { get; set; }

    /// <summary>The Streamable HTTP (or SSE) endpoint of a running server; give this or <see cref="Command"/>.</summary>
    public string? Url { get; set; }

    /// <summary>Whether the server's read-only hints are believed, so that results of its read-only tools are cached.</summary>
    public bool Trusted { get; set; }

    /// <summary>Tools (their names on that server) whose results are cached whatever their hints say.</summary>
    public List<string> CacheTools { get; set; } = [];
}
