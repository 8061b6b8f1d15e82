using System.Text.Json;

namespace McpMemory.Mcp.Upstreams;

/// <summary>A successful upstream tool call: the upstream's result (its <c>CallToolResult</c> as JSON) and whether it came from the cache.</summary>
public sealed record UpstreamCallResult(string Upstream, string Tool, JsonElement Result, bool Cached, DateTimeOffset? CachedAt);
