using System.ComponentModel;
using McpMemory.Core.Documents;
using McpMemory.Mcp.Episodic;

namespace McpMemory.Mcp.Documents;

/// <summary>One hit of <c>document_search</c>: a chunk, where it comes from, and why it matched.</summary>
public sealed record DocumentSearchHit
{
    /// <summary>The document.</summary>
    [Description("The document the chunk belongs to (document_get reads it).")]
    public required string DocumentId { get; init; }

    /// <summary>The document's title.</summary>
    [Description("The document's title.")]
    public required string Title { get; init; }

    /// <summary>The document's source.</summary>
    [Description("The document's source, if it was given one.")]
    public string? Source { get; init; }

    /// <summary>The chunk's id.</summary>
    [Description("The chunk's id: the document id, ':' and the chunk index.")]
    public required string ChunkId { get; init; }

    /// <summary>The chunk's index.</summary>
    [Description("The chunk's 0-based position in the document.")]
    public required int ChunkIndex { get; init; }

    /// <summary>Where the chunk starts.</summary>
    [Description("Offset of the chunk's first character in the document's text.")]
    public required int CharStart { get; init; }

    /// <summary>Where the chunk ends.</summary>
    [Description("Offset just past the chunk's last character.")]
    public required int CharEnd { get; init; }

    /// <summary>The headings above the chunk.</summary>
    [Description("The Markdown headings the chunk starts under, outermost first.")]
    public required IReadOnlyList<string> HeadingPath { get; init; }

    /// <summary>The chunk's text.</summary>
    [Description("The chunk's text: exactly the document's text from char_start to char_end.")]
    public required string Text { get; init; }

    /// <summary>The score.</summary>
    [Description("The fused score (higher is better).")]
    public required double Score { get; init; }

    /// <summary>Why it matched.</summary>
    [Description("Why it matched.")]
    public required MatchReason Match { get; init; }

    /// <summary>The passage around the chunk, when 'expand' was given.</summary>
    [Description("The chunk joined with up to 'expand' chunks before and after it; left out when 'expand' is 0.")]
    public PassageView? Passage { get; init; }

    /// <summary>Makes the view of a hit.</summary>
    public static DocumentSearchHit From(DocumentHit hit)
    {
        ArgumentNullException.ThrowIfNull(hit);
        var chunk = hit.Chunk;
        return new DocumentSearchHit
        {
            DocumentId = chunk.DocumentId,
            Title = chunk.Title,
            Source = chunk.Source,
            ChunkId = chunk.Id,
            ChunkIndex = chunk.Index,
            CharStart = chunk.Start,
            CharEnd = chunk.End,
            HeadingPath = chunk.HeadingPath,
            Text = chunk.Text,
            Score = hit.Score,
            Match = new MatchReason(hit.DenseRank, hit.DenseScore, hit.KeywordRank, hit.KeywordScore),
            Passage = hit.Passage is null ? null : PassageView.From(hit.Passage),
        };
    }
}
