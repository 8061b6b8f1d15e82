namespace McpMemory.Core.Tools;

/// <summary>What registering a definition did.</summary>
public enum ToolRegistration
{
    /// <summary>The name was new.</summary>
    Created,

    /// <summary>The name was registered with another definition, which this one replaced.</summary>
    Updated,

    /// <summary>The same definition was registered already; nothing was written.</summary>
    Unchanged,
}
