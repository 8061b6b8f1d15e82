using System.ComponentModel;
using System.Text.Json;
using McpMemory.Core.Documents;

namespace McpMemory.Mcp.Documents;

/// <summary>A document as tools return it, without its text.</summary>
public sealed record DocumentView
{
    /// <summary>The document's id.</summary>
    [Description("The document's id.")]
    public required string Id { get; init; }

    /// <summary>The title.</summary>
    [Description("Its title (given, or its first heading, file name or first line).")]
    public required string Title { get; init; }

    /// <summary>The source.</summary>
    [Description("Where it comes from, as given when it was added.")]
    public string? Source { get; init; }

    /// <summary>Metadata.</summary>
    [Description("Free metadata given when it was added.")]
    public JsonElement? Metadata { get; init; }

    /// <summary>The format.</summary>
    [Description("How its text was read: markdown or text.")]
    public required string Format { get; init; }

    /// <summary>The length.</summary>
    [Description("The length of its text in characters (UTF-16 code units, as char_start and char_end count).")]
    public required int Length { get; init; }

    /// <summary>The number of chunks.</summary>
    [Description("How many chunks it is stored as (indexes 0 to chunk_count - 1).")]
    public required int ChunkCount { get; init; }

    /// <summary>The content hash.</summary>
    [Description("SHA-256 of its text (UTF-8), lower-case hex.")]
    public required string ContentHash { get; init; }

    /// <summary>When it was added.</summary>
    [Description("When it was added (ISO 8601, UTC).")]
    public required DateTimeOffset AddedAt { get; init; }

    /// <summary>Makes the view of <paramref name="info"/>.</summary>
    public static DocumentView From(DocumentInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        return new DocumentView
        {
            Id = info.Id,
            Title = info.Title,
            Source = info.Source,
            Metadata = info.Metadata is null ? null : JsonDocument.Parse(info.Metadata).RootElement.Clone(),
            Format = DocumentMemory.FormatName(info.Format),
            Length = info.Length,
            ChunkCount = info.ChunkCount,
            ContentHash = info.ContentHash,
            AddedAt = info.AddedAt,
        };
    }
}
