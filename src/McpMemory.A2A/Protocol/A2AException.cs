namespace McpMemory.A2A.Protocol;

/// <summary>An A2A error a client can fix: a JSON-RPC <see cref="Code"/> from <see cref="A2AErrorCodes"/> and a message that says what to do.</summary>
public sealed class A2AException(int code, string message) : Exception(message)
{
    /// <summary>The JSON-RPC error code.</summary>
    public int Code { get; } = code;

    internal static A2AException InvalidParams(string message) => new(A2AErrorCodes.InvalidParams, message);

    internal static A2AException TaskNotFound(string id) =>
        new(A2AErrorCodes.TaskNotFound, $"Task '{id}' was not found: it does not exist or belongs to another principal. List your tasks with ListTasks.");
}
