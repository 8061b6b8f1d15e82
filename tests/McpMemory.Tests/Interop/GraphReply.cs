using System.Text.Json;

namespace McpMemory.Tests.Interop;

/// <summary>
/// A knowledge-graph tool's reply as the compatibility test compares it: whether it failed, its error text, and its
/// structured content (for ours, every page of a paged read joined into one).
/// </summary>
/// <param name="IsError">The tool reported an error (<c>isError</c>).</param>
/// <param name="ErrorText">The text of an error reply; empty otherwise.</param>
/// <param name="Content">The structured content of a successful reply.</param>
/// <param name="Pages">How many calls it took (more than one where ours paged with <c>nextCursor</c>).</param>
/// <param name="Omitted">What the last page reported in <c>omitted</c> while giving no cursor to go on: left out for good.</param>
public sealed record GraphReply(bool IsError, string ErrorText, JsonElement? Content, int Pages = 1, long Omitted = 0)
{
    public override string ToString() =>
        IsError ? $"error: {ErrorText}" : Content is { } content ? JsonSerializer.Serialize(content, GraphScript.Readable) : "no structured content";
}
