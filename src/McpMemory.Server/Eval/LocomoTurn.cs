using System.Globalization;
using System.Text.Json;
using McpMemory.Core;

namespace McpMemory.Server.Eval;

/// <summary>One dialogue turn.</summary>
internal sealed record LocomoTurn(string DiaId, string Speaker, string Text, string? ImageCaption, int Session, DateTimeOffset Timestamp)
{
    /// <summary>The text stored for the turn: what was said, and what the shared image showed.</summary>
    public string StoredText => ImageCaption is null ? Text : $"{Text} [shares an image: {ImageCaption}]";
}
