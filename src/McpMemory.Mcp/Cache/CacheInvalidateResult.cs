using System.ComponentModel;

namespace McpMemory.Mcp.Cache;

/// <summary>The result of <c>cache_invalidate</c>.</summary>
public sealed record CacheInvalidateResult(
    [property: Description("The namespace changed.")] string Namespace,
    [property: Description("How many entries were removed.")] int Removed);
