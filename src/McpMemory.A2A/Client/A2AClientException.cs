namespace McpMemory.A2A.Client;

/// <summary>
/// A call to a peer agent failed: the peer did not answer, answered with an error, or answered something that is not
/// A2A. The message names the peer, the operation and what went wrong, and is safe to show a client.
/// </summary>
public sealed class A2AClientException(string peer, string operation, string message, int? code = null, Exception? inner = null)
    : Exception($"A2A peer {peer}: {operation} failed: {message}", inner)
{
    /// <summary>The peer, by name and URL.</summary>
    public string Peer { get; } = peer;

    /// <summary>What was asked of it (<c>SendMessage</c>, <c>fetch agent card</c>, ...).</summary>
    public string Operation { get; } = operation;

    /// <summary>What went wrong, without the peer and operation.</summary>
    public string Detail { get; } = message;

    /// <summary>The JSON-RPC error code the peer answered with, when it answered with one.</summary>
    public int? Code { get; } = code;
}
