using System.Text;
using System.Text.Json;
using McpMemory.Core.Episodic;

namespace McpMemory.Core.Documents;

/// <summary>Reading chunk records back: chunks, headers and passages.</summary>
public sealed partial class DocumentMemory
{
    private static ChunkRecord ReadRecord(Episode episode)
    {
        if (episode.Metadata is null)
        {
            return new ChunkRecord();
        }

        try
        {
            return JsonSerializer.Deserialize(episode.Metadata, DocumentJsonContext.Default.ChunkRecord) ?? new ChunkRecord();
        }
        catch (JsonException)
        {
            return new ChunkRecord();
        }
    }

    private static DocumentChunk ToChunk(Episode episode, ChunkRecord record) => new()
    {
        Id = episode.Id,
        DocumentId = episode.ConversationId ?? "",
        Index = record.Index,
        Start = record.Start,
        End = record.End,
        HeadingPath = record.Headings,
        Title = record.Title,
        Source = record.Source,
        Text = episode.Text,
    };

    /// <summary>The document a first chunk describes, or null when the record carries no header.</summary>
    private static DocumentInfo? ToInfo(Episode head)
    {
        var record = ReadRecord(head);
        if (record.Document is not { } header || head.ConversationId is null)
        {
            return null;
        }

        return new DocumentInfo
        {
            Id = head.ConversationId,
            Title = record.Title,
            Source = record.Source,
            Metadata = header.Metadata is { ValueKind: JsonValueKind.Object } metadata ? metadata.GetRawText() : null,
            Format = header.Format == "markdown" ? DocumentFormat.Markdown : DocumentFormat.Text,
            Length = header.Length,
            ChunkCount = header.Chunks,
            ContentHash = header.Hash,
            AddedAt = head.Timestamp,
        };
    }

    /// <summary>
    /// Joins consecutive chunks (in index order) into the text from <paramref name="from"/> to the last one's end,
    /// each overlap counted once.
    /// </summary>
    private static DocumentPassage Join(IReadOnlyList<DocumentChunk> chunks, int from)
    {
        var text = new StringBuilder();
        var position = from;
        foreach (var chunk in chunks)
        {
            if (chunk.End <= position)
            {
                continue;
            }

            // Chunks tile the text, so each starts at or before the end of the one before.
            var skip = Math.Clamp(position - chunk.Start, 0, chunk.Text.Length);
            text.Append(chunk.Text, skip, chunk.Text.Length - skip);
            position = chunk.End;
        }

        return new DocumentPassage(chunks[0].Index, chunks[^1].Index, from, position, text.ToString());
    }
}
