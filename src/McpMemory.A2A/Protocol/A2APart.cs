using System.Text.Json;

namespace McpMemory.A2A.Protocol;

/// <summary>One piece of a message or artifact: text, JSON data, or a file (inline bytes or a URL).</summary>
public sealed record A2APart
{
    /// <summary>What the part carries.</summary>
    public required A2APartKind Kind { get; init; }

    /// <summary>The text of a text part.</summary>
    public string? Text { get; init; }

    /// <summary>The JSON of a data part.</summary>
    public JsonElement? Data { get; init; }

    /// <summary>A file's content, base64-encoded.</summary>
    public string? Bytes { get; init; }

    /// <summary>Where a file lives.</summary>
    public string? Url { get; init; }

    /// <summary>A file's name.</summary>
    public string? Filename { get; init; }

    /// <summary>The media type of the content (<c>text/plain</c>, <c>application/json</c>, ...).</summary>
    public string? MediaType { get; init; }

    /// <summary>Optional metadata.</summary>
    public JsonElement? Metadata { get; init; }

    /// <summary>A text part.</summary>
    public static A2APart FromText(string text) => new() { Kind = A2APartKind.Text, Text = text };

    /// <summary>A data part.</summary>
    public static A2APart FromData(JsonElement data) => new() { Kind = A2APartKind.Data, Data = data, MediaType = "application/json" };
}
