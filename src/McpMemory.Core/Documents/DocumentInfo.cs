namespace McpMemory.Core.Documents;

/// <summary>What is known about a stored document, without its text.</summary>
public sealed record DocumentInfo
{
    /// <summary>The document's id.</summary>
    public required string Id { get; init; }

    /// <summary>Its title.</summary>
    public required string Title { get; init; }

    /// <summary>Where it comes from, if given.</summary>
    public string? Source { get; init; }

    /// <summary>Free metadata: a JSON object as text, or null.</summary>
    public string? Metadata { get; init; }

    /// <summary>How its text was read.</summary>
    public DocumentFormat Format { get; init; }

    /// <summary>The length of its text in characters (UTF-16 code units, as chunk offsets count).</summary>
    public int Length { get; init; }

    /// <summary>How many chunks it is stored as.</summary>
    public int ChunkCount { get; init; }

    /// <summary>The SHA-256 of its text (UTF-8), lower-case hex.</summary>
    public required string ContentHash { get; init; }

    /// <summary>When it was added.</summary>
    public DateTimeOffset AddedAt { get; init; }
}
