using System.Text.Json;

namespace McpMemory.Core.Documents;

/// <summary>A document to add, as a caller sends it.</summary>
public sealed record DocumentInput
{
    /// <summary>The text, plain or Markdown. Required.</summary>
    public string? Text { get; init; }

    /// <summary>A title; by default the first heading, else the source's file name, else the first line.</summary>
    public string? Title { get; init; }

    /// <summary>Where it comes from (a path, a URL, any label); adding the same text from the same source again changes nothing.</summary>
    public string? Source { get; init; }

    /// <summary>Free metadata: a JSON object, matched by search and list filters.</summary>
    public JsonElement? Metadata { get; init; }

    /// <summary><c>markdown</c> or <c>text</c>; by default Markdown for .md and .markdown sources or text with Markdown headings or fences.</summary>
    public string? Format { get; init; }
}
