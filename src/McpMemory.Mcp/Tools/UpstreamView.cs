using System.ComponentModel;
using System.Text.Json.Serialization;
using McpMemory.Mcp.Upstreams;

namespace McpMemory.Mcp.Tools;

/// <summary>An upstream MCP server and where it stands.</summary>
public sealed record UpstreamView(
    [property: Description("Its name in the configuration; its tools are named NAME.TOOL.")] string Name,
    [property: Description("'connected', 'connecting', 'failed' (waiting to retry) or 'stopped'.")] string State,
    [property: Description("How many tools it offered when last connected.")] int Tools,
    [property: Description("Whether its read-only hints are believed, so that results of its read-only tools are cached.")] bool Trusted,
    [property: Description("Why it is not connected, or null.")] [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Error,
    [property: Description("When it is tried again, or null.")] [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] DateTimeOffset? NextAttemptAt)
{
    /// <summary>Makes the view of a status.</summary>
    public static UpstreamView From(UpstreamStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return new UpstreamView(status.Name, status.State, status.Tools, status.Trusted, status.Error, status.NextAttemptAt);
    }
}
