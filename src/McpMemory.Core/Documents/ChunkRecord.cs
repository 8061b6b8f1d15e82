namespace McpMemory.Core.Documents;

/// <summary>What a chunk record keeps in its metadata, beside its text.</summary>
internal sealed record ChunkRecord
{
    public int Index { get; init; }

    public int Start { get; init; }

    public int End { get; init; }

    public IReadOnlyList<string> Headings { get; init; } = [];

    public string Title { get; init; } = "";

    public string? Source { get; init; }

    /// <summary>The document's header, on its first chunk only.</summary>
    public DocumentHeader? Document { get; init; }
}
