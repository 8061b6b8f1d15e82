namespace McpMemory.Core;

/// <summary>The codes carried by <see cref="McpMemoryException"/>.</summary>
public static class McpMemoryErrorCodes
{
    /// <summary>An argument is missing, malformed or out of its limits.</summary>
    public const string InvalidArgument = "invalid_argument";

    /// <summary>The principal may not use the namespace it asked for.</summary>
    public const string NamespaceDenied = "namespace_denied";

    /// <summary>A record that was asked for does not exist (or is not visible to the caller).</summary>
    public const string NotFound = "not_found";

    /// <summary>The data directory was written by another embedding model or format.</summary>
    public const string Incompatible = "incompatible";

    /// <summary>The store could not make a write durable (disk full, permissions).</summary>
    public const string StorageFailure = "storage_failure";

    /// <summary>The store that owns the data directory could not be reached.</summary>
    public const string Unavailable = "unavailable";
}
