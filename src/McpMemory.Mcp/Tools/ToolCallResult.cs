using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace McpMemory.Mcp.Tools;

/// <summary>The result of <c>tool_call</c>: what the upstream tool returned.</summary>
public sealed record ToolCallResult(
    [property: Description("The upstream server that ran the tool.")] string Upstream,
    [property: Description("The tool's name on that server.")] string Tool,
    [property: Description("The namespace the call was made for (it partitions the cache).")] string Namespace,
    [property: Description("True when the result was served from the cache instead of calling the upstream.")] bool Cached,
    [property: Description("When the cached result was obtained, or null.")] [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] DateTimeOffset? CachedAt,
    [property: Description("The upstream's content blocks (text, images, resources), as MCP's CallToolResult.content.")] JsonElement Content,
    [property: Description("The upstream's structured content, or null.")] [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] JsonElement? StructuredContent);
