using System.ComponentModel;
using System.Text.Json.Serialization;

namespace McpMemory.Mcp.Tools;

/// <summary>The result of <c>tool_list</c>.</summary>
public sealed record ToolListResult(
    [property: Description("The namespace read.")] string Namespace,
    [property: Description("Tools by name.")] IReadOnlyList<ToolView> Tools,
    [property: Description("How many tools the registry holds (of the source asked for).")] int Total,
    [property: Description("Pass as 'cursor' to get the next page; null on the last page.")] [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? NextCursor,
    [property: Description("The upstream MCP servers of the configuration and where they stand; their tools are in the registry of the namespace they are imported into.")] IReadOnlyList<UpstreamView> Upstreams);
