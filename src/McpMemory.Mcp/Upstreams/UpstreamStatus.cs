namespace McpMemory.Mcp.Upstreams;

/// <summary>Where an upstream server stands.</summary>
/// <param name="Name">Its name in configuration.</param>
/// <param name="State">'connected', 'connecting', 'failed' (waiting to retry) or 'stopped'.</param>
/// <param name="Tools">How many tools it offered when last connected.</param>
/// <param name="Trusted">Whether its read-only hints are believed for caching.</param>
/// <param name="Error">Why it is not connected, when it is not.</param>
/// <param name="NextAttemptAt">When it will be tried again, when it failed.</param>
public sealed record UpstreamStatus(string Name, string State, int Tools, bool Trusted, string? Error, DateTimeOffset? NextAttemptAt);
