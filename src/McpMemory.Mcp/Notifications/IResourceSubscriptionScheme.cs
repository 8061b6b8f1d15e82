using McpMemory.Core.Identity;

namespace McpMemory.Mcp.Notifications;

/// <summary>
/// One family of resources clients can subscribe to (<c>graph://</c>, <c>skill://</c>): recognises its URIs, checks that
/// the principal may read them, and gives the key a subscription is kept under (<see cref="ChangeNotifier"/>).
/// Register implementations as <see cref="IResourceSubscriptionScheme"/> services; the subscription handlers
/// (<see cref="ResourceSubscriptionHandlers"/>) ask each in turn.
/// </summary>
public interface IResourceSubscriptionScheme
{
    /// <summary>The URIs and templates of the scheme, for error messages.</summary>
    string Describe { get; }

    /// <summary>
    /// Null when <paramref name="uri"/> is not one of this scheme's; else the key of a subscription to it, after checking
    /// that <paramref name="principal"/> may read it (a <c>McpProtocolException</c> with invalid params when not).
    /// </summary>
    string? KeyOf(MemoryPrincipal principal, string uri);
}
