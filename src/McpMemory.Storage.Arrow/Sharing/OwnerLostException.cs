namespace McpMemory.Storage.Arrow.Sharing;

/// <summary>The connection to the owning process broke; the call may be retried after failing over.</summary>
internal sealed class OwnerLostException : Exception
{
    public OwnerLostException()
        : base("The mcp-memory process that owns the data directory went away.")
    {
    }
}
