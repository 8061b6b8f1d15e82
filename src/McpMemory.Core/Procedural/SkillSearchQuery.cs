using McpMemory.Core.Episodic;

namespace McpMemory.Core.Procedural;

/// <summary>A search for skills by what a task needs.</summary>
public sealed record SkillSearchQuery
{
    /// <summary>The task, in natural language or keywords.</summary>
    public required string Text { get; init; }

    /// <summary>How many skills at most.</summary>
    public int K { get; init; } = 5;

    /// <summary>How to rank by relevance.</summary>
    public SearchMode Mode { get; init; } = SearchMode.Hybrid;

    /// <summary>Only skills with every one of these tags.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Only skills whose tools include every one of these.</summary>
    public IReadOnlyList<string> Tools { get; init; } = [];

    /// <summary>Only this kind (<see cref="SkillKinds"/>), or any.</summary>
    public string? Kind { get; init; }

    /// <summary>Wait until every skill saved before the search is embedded.</summary>
    public bool WaitForEmbeddings { get; init; } = true;
}
