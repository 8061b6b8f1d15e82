namespace McpMemory.Core.Documents;

/// <summary>A stored chunk: a range of a document's text, with what is needed to cite it.</summary>
public sealed record DocumentChunk
{
    /// <summary>The chunk's id: the document's id, ':' and its index.</summary>
    public required string Id { get; init; }

    /// <summary>The document it belongs to.</summary>
    public required string DocumentId { get; init; }

    /// <summary>Its 0-based position in the document.</summary>
    public int Index { get; init; }

    /// <summary>The offset of its first character in the document's text.</summary>
    public int Start { get; init; }

    /// <summary>The offset just past its last character.</summary>
    public int End { get; init; }

    /// <summary>The headings it starts under, outermost first.</summary>
    public IReadOnlyList<string> HeadingPath { get; init; } = [];

    /// <summary>The document's title.</summary>
    public required string Title { get; init; }

    /// <summary>The document's source, if given.</summary>
    public string? Source { get; init; }

    /// <summary>Its text: exactly the document's text from <see cref="Start"/> to <see cref="End"/>.</summary>
    public required string Text { get; init; }
}
