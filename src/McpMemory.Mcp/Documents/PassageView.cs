using System.ComponentModel;
using McpMemory.Core.Documents;

namespace McpMemory.Mcp.Documents;

/// <summary>Consecutive chunks of a document as one stretch of its text.</summary>
public sealed record PassageView(
    [property: Description("Index of its first chunk.")] int FirstChunk,
    [property: Description("Index of its last chunk.")] int LastChunk,
    [property: Description("Offset of its first character in the document's text.")] int CharStart,
    [property: Description("Offset just past its last character.")] int CharEnd,
    [property: Description("The document's text from char_start to char_end (overlapping chunks joined, nothing repeated).")] string Text)
{
    /// <summary>Makes the view of <paramref name="passage"/>.</summary>
    public static PassageView From(DocumentPassage passage)
    {
        ArgumentNullException.ThrowIfNull(passage);
        return new PassageView(passage.FirstChunk, passage.LastChunk, passage.Start, passage.End, passage.Text);
    }
}
