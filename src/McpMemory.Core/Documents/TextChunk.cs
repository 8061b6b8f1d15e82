namespace McpMemory.Core.Documents;

/// <summary>One chunk of a document: a range of its text that fits the embedding model's window.</summary>
/// <param name="Index">The 0-based position of the chunk in the document.</param>
/// <param name="Start">The offset of its first character in the document's text.</param>
/// <param name="End">The offset just past its last character (exclusive).</param>
/// <param name="Tokens">Model tokens of the chunk's text, special tokens excluded.</param>
/// <param name="HeadingPath">The Markdown headings the chunk starts under, outermost first; empty when there are none.</param>
public sealed record TextChunk(int Index, int Start, int End, int Tokens, IReadOnlyList<string> HeadingPath);
