namespace McpMemory.A2A.Protocol;

/// <summary>Where and how to push a task's updates: a webhook URL, a token echoed back, and the authentication to send.</summary>
public sealed record A2APushConfig
{
    /// <summary>The config's id, unique within its task.</summary>
    public required string Id { get; init; }

    /// <summary>The webhook.</summary>
    public required string Url { get; init; }

    /// <summary>Sent back in <c>X-A2A-Notification-Token</c> so the receiver can tell our calls apart.</summary>
    public string? Token { get; init; }

    /// <summary>The HTTP authentication scheme (<c>Bearer</c>, <c>Basic</c>) sent in <c>Authorization</c> with <see cref="Credentials"/>.</summary>
    public string? Scheme { get; init; }

    /// <summary>The credentials for <see cref="Scheme"/>.</summary>
    public string? Credentials { get; init; }

    /// <summary>The family of the client that set it; notifications take that family's shape.</summary>
    public A2AFamily Family { get; init; }
}
