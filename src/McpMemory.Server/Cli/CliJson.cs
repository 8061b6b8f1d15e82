using System.Text.Json;
using McpMemory.Mcp;

namespace McpMemory.Server.Cli;

/// <summary>JSON as the command line prints it: the tools' snake_case shapes, indented.</summary>
internal static class CliJson
{
    public static JsonSerializerOptions Indented { get; } = new(McpMemoryJsonContext.ToolOptions) { WriteIndented = true };

    public static JsonSerializerOptions Compact { get; } = new(McpMemoryJsonContext.ToolOptions) { WriteIndented = false };
}
