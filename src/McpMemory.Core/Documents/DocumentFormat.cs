namespace McpMemory.Core.Documents;

/// <summary>How a document's text is read when it is cut into chunks.</summary>
public enum DocumentFormat
{
    /// <summary>Plain text: paragraphs (separated by blank lines), list items and sentences.</summary>
    Text,

    /// <summary>Markdown: also headings (<c>#</c> and underlined), code fences and tables.</summary>
    Markdown,
}
