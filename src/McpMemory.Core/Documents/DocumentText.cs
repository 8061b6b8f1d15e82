namespace McpMemory.Core.Documents;

/// <summary>A document and a stretch of its text, as <c>document_get</c> returns it.</summary>
/// <param name="Document">The document.</param>
/// <param name="Passage">The text returned: whole chunks, overlaps counted once, within the character budget.</param>
/// <param name="NextCursor">Where the next stretch starts, or null when the range asked for is complete.</param>
public sealed record DocumentText(DocumentInfo Document, DocumentPassage Passage, string? NextCursor);
