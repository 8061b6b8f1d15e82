using System.ComponentModel;

namespace McpMemory.Mcp.Tools;

/// <summary>The result of <c>tool_register</c>.</summary>
public sealed record ToolRegisterResult(
    [property: Description("The namespace whose registry was written.")] string Namespace,
    [property: Description("The tool's name.")] string Name,
    [property: Description("'created' (a new name), 'updated' (the name's definition was replaced) or 'unchanged' (the same definition was there).")] string Status);
