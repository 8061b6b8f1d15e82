namespace McpMemory.Core.Identity;

/// <summary>The kind of access a call needs to a namespace.</summary>
public enum NamespaceAccess
{
    /// <summary>Read, list and search.</summary>
    Read,

    /// <summary>Add, change and delete.</summary>
    Write,
}
