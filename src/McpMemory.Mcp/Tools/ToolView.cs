using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;
using McpMemory.Core.Tools;

namespace McpMemory.Mcp.Tools;

/// <summary>A registered tool as the toolhost tools show it.</summary>
public sealed record ToolView(
    [property: Description("The tool's name; upstream tools are named UPSTREAM.TOOL and run with tool_call.")] string Name,
    [property: Description("A human-readable title, or null.")] [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Title,
    [property: Description("What the tool does.")] string Description,
    [property: Description("The JSON schema of its arguments; null when the listing left schemas out.")] [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] JsonElement? InputSchema,
    [property: Description("Where the definition comes from: an upstream server's name, or the label given to tool_register.")] string Source,
    [property: Description("The tool's own read-only hint, or null when it gives none.")] [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] bool? ReadOnly)
{
    /// <summary>Makes the view of a definition.</summary>
    public static ToolView From(ToolDefinition tool, bool withSchema = true)
    {
        ArgumentNullException.ThrowIfNull(tool);
        return new ToolView(tool.Name, tool.Title, tool.Description, withSchema ? tool.InputSchema : null, tool.Source, tool.ReadOnly);
    }
}
