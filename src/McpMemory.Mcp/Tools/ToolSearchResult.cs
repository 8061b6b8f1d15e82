using System.ComponentModel;

namespace McpMemory.Mcp.Tools;

/// <summary>The result of <c>tool_search</c>.</summary>
public sealed record ToolSearchResult(
    [property: Description("The namespace searched.")] string Namespace,
    [property: Description("The ranking used: hybrid, dense or keyword.")] string Mode,
    [property: Description("The tools that best fit the task, best first, with their schemas.")] IReadOnlyList<ToolSearchHitView> Tools,
    [property: Description("How many of the k best did not fit within max_tokens.")] int Omitted,
    [property: Description("The tokens (cl100k) the tools take.")] int Tokens);
