namespace McpMemory.Mcp.Agents;

/// <summary>One task's slot on a peer agent: counted in its in-flight tasks until disposed.</summary>
public sealed class AgentLease : IDisposable
{
    private readonly AgentDirectory _directory;
    private int _released;

    internal AgentLease(AgentDirectory directory, AgentPeer peer)
    {
        _directory = directory;
        Peer = peer;
    }

    /// <summary>The agent.</summary>
    public AgentPeer Peer { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _directory.Release(Peer);
        }
    }
}
