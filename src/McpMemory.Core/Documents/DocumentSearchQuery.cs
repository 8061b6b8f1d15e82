using System.Text.Json;
using McpMemory.Core.Episodic;

namespace McpMemory.Core.Documents;

/// <summary>A search over the documents of one namespace.</summary>
public sealed record DocumentSearchQuery
{
    /// <summary>The query text.</summary>
    public required string Text { get; init; }

    /// <summary>How many hits at most.</summary>
    public int K { get; init; } = 10;

    /// <summary>How to rank.</summary>
    public SearchMode Mode { get; init; } = SearchMode.Hybrid;

    /// <summary>Only this document.</summary>
    public string? DocumentId { get; init; }

    /// <summary>Only documents from this source; a value ending in '*' matches every source that starts with the rest.</summary>
    public string? Source { get; init; }

    /// <summary>Only documents whose metadata has each of these top-level keys with an equal JSON value.</summary>
    public JsonElement? Metadata { get; init; }

    /// <summary>Chunks before and after each hit to join into its passage; 0 for none.</summary>
    public int Expand { get; init; }

    /// <summary>Wait until every chunk written before the search is embedded.</summary>
    public bool WaitForEmbeddings { get; init; }
}
