namespace McpMemory.Core.Documents;

/// <summary>How strong the boundary before a piece of text is; a chunk prefers to end at the strongest one it can.</summary>
internal enum ChunkBreak
{
    /// <summary>Inside a word longer than the window.</summary>
    Character,

    /// <summary>Between words of a sentence longer than the window.</summary>
    Word,

    /// <summary>Between lines of a code block or rows of a table.</summary>
    Line,

    /// <summary>Between sentences of a paragraph.</summary>
    Sentence,

    /// <summary>Between items of a list.</summary>
    Item,

    /// <summary>Between paragraphs, code blocks and tables.</summary>
    Block,

    /// <summary>Before a heading.</summary>
    Section,
}
