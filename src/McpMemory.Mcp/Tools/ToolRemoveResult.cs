using System.ComponentModel;

namespace McpMemory.Mcp.Tools;

/// <summary>The result of <c>tool_remove</c>.</summary>
public sealed record ToolRemoveResult(
    [property: Description("The namespace whose registry was written.")] string Namespace,
    [property: Description("The names removed.")] IReadOnlyList<string> Removed,
    [property: Description("Names that were not registered.")] IReadOnlyList<string> Missing);
