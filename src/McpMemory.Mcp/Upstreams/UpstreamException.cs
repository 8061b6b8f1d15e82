namespace McpMemory.Mcp.Upstreams;

/// <summary>An upstream call that failed; the message names the upstream, what happened and what to do.</summary>
public sealed class UpstreamException : Exception
{
    /// <summary>Creates the exception.</summary>
    public UpstreamException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public UpstreamException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public UpstreamException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
