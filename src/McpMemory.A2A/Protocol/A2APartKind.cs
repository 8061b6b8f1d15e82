namespace McpMemory.A2A.Protocol;

/// <summary>What a <see cref="A2APart"/> carries.</summary>
public enum A2APartKind
{
    /// <summary>Plain text.</summary>
    Text,

    /// <summary>Structured JSON data.</summary>
    Data,

    /// <summary>A file, inline (base64 bytes) or by URL.</summary>
    File,
}
