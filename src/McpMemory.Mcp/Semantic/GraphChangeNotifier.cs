using System.Collections.Concurrent;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpMemory.Mcp.Semantic;

/// <summary>
/// Remembers which sessions subscribed to which graph resources, and tells them when a write of this process changes
/// an entity: <c>notifications/resources/updated</c> for <c>graph://NS/entity/NAME</c>,
/// <c>graph://NS/neighborhood/NAME</c> and the whole-graph resource <c>memory://knowledge-graph</c>.
/// </summary>
public sealed class GraphChangeNotifier
{
    /// <summary>The whole-graph resource of the official memory server.</summary>
    public const string WholeGraphUri = "memory://knowledge-graph";

    private readonly ConcurrentDictionary<McpServer, ConcurrentDictionary<string, byte>> _subscriptions = new();

    /// <summary>The URI of an entity's resource.</summary>
    public static string EntityUri(string ns, string name) => $"graph://{Uri.EscapeDataString(ns)}/entity/{Uri.EscapeDataString(name)}";

    /// <summary>The URI of an entity's neighbourhood resource.</summary>
    public static string NeighborhoodUri(string ns, string name) => $"graph://{Uri.EscapeDataString(ns)}/neighborhood/{Uri.EscapeDataString(name)}";

    /// <summary>Records that <paramref name="server"/>'s client wants updates of <paramref name="uri"/>.</summary>
    public void Subscribe(McpServer server, string uri) => _subscriptions.GetOrAdd(server, _ => new()).TryAdd(uri, 0);

    /// <summary>Forgets a subscription.</summary>
    public void Unsubscribe(McpServer server, string uri)
    {
        if (_subscriptions.TryGetValue(server, out var uris))
        {
            uris.TryRemove(uri, out _);
        }
    }

    /// <summary>The subscriptions of a session (for tests and diagnostics).</summary>
    public IReadOnlyCollection<string> SubscriptionsOf(McpServer server) =>
        _subscriptions.TryGetValue(server, out var uris) ? [.. uris.Keys] : [];

    /// <summary>Notifies every session subscribed to a resource that the change of <paramref name="names"/> in <paramref name="ns"/> touches.</summary>
    public async Task GraphChangedAsync(string ns, IEnumerable<string> names, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(names);
        if (_subscriptions.IsEmpty)
        {
            return;
        }

        var changed = new HashSet<string>(StringComparer.Ordinal) { WholeGraphUri };
        foreach (var name in names)
        {
            changed.Add(EntityUri(ns, name));
            changed.Add(NeighborhoodUri(ns, name));
        }

        foreach (var (server, uris) in _subscriptions)
        {
            foreach (var uri in uris.Keys)
            {
                if (!changed.Contains(uri))
                {
                    continue;
                }

                try
                {
                    await server.SendNotificationAsync(
                        NotificationMethods.ResourceUpdatedNotification,
                        new ResourceUpdatedNotificationParams { Uri = uri },
                        McpJsonUtilities.DefaultOptions,
                        cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is ObjectDisposedException or InvalidOperationException or IOException)
                {
                    // The session is gone.
                    _subscriptions.TryRemove(server, out _);
                    break;
                }
            }
        }
    }
}
