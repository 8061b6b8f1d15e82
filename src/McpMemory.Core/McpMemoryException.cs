namespace McpMemory.Core;

/// <summary>
/// An error that a caller can fix. <see cref="Exception.Message"/> says what was wrong and what to do, and is safe to
/// show to a client; <see cref="Code"/> is stable and machine-readable.
/// </summary>
public sealed class McpMemoryException : Exception
{
    /// <summary>Creates the exception.</summary>
    public McpMemoryException(string code, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
    }

    /// <summary>A stable code such as <c>invalid_argument</c> or <c>namespace_denied</c>.</summary>
    public string Code { get; }
}
