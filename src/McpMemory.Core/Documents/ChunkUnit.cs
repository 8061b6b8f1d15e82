namespace McpMemory.Core.Documents;

/// <summary>
/// The smallest piece the chunker moves as a whole: a sentence, a code line, a heading, or (only inside a sentence
/// longer than the window) a word or part of one. Units cover every character of a document but the whitespace
/// between them.
/// </summary>
/// <param name="Start">The offset of its first character.</param>
/// <param name="End">The offset just past its last character.</param>
/// <param name="Tokens">Its model tokens.</param>
/// <param name="Break">The boundary before it.</param>
/// <param name="Section">The index of the section (heading) it belongs to.</param>
internal readonly record struct ChunkUnit(int Start, int End, int Tokens, ChunkBreak Break, int Section);
