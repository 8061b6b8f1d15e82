namespace McpMemory.Core.Documents;

/// <summary>Consecutive chunks of a document joined into one stretch of its text, overlaps counted once.</summary>
/// <param name="FirstChunk">The index of the first chunk.</param>
/// <param name="LastChunk">The index of the last chunk.</param>
/// <param name="Start">The offset of the passage in the document's text.</param>
/// <param name="End">The offset just past its end.</param>
/// <param name="Text">The document's text from <paramref name="Start"/> to <paramref name="End"/>.</param>
public sealed record DocumentPassage(int FirstChunk, int LastChunk, int Start, int End, string Text);
