using System.ComponentModel;

namespace McpMemory.Mcp.Cache;

/// <summary>The result of <c>cache_store</c>.</summary>
public sealed record CacheStoreResult(
    [property: Description("The namespace written.")] string Namespace,
    [property: Description("The model/prompt-version key stored under.")] string Key,
    [property: Description("The new entry's id.")] string EntryId,
    [property: Description("When it was stored.")] DateTimeOffset StoredAt,
    [property: Description("When it expires.")] DateTimeOffset ExpiresAt,
    [property: Description("Entries for the same question under the same key that it replaced.")] int Replaced,
    [property: Description("Least recently used entries evicted to keep the namespace within its size limit.")] int Evicted);
