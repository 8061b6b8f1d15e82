using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using McpMemory.Core;
using McpMemory.Core.Semantic;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpMemory.Mcp.Semantic;

/// <summary>
/// Remembers which sessions subscribed to which graph resources, and tells them when a write of this process changes
/// an entity: <c>notifications/resources/updated</c> for <c>graph://NS/entity/NAME</c>,
/// <c>graph://NS/neighborhood/NAME</c> and the whole-graph resource <c>memory://knowledge-graph</c> (of the namespace
/// that was the subscriber's default when it subscribed). Subscriptions come from <c>resources/subscribe</c> (protocol
/// revisions up to 2025-11-25) or from a <c>subscriptions/listen</c> stream (2026-07-28 on), whose notifications are
/// tagged with the stream's id and sent back on it. Each is kept under a key (<see cref="KeyOf"/>), so that spellings
/// of one URI that escape differently are one subscription; the client is notified with the URI as it wrote it.
/// A neighbourhood shows its entities whole, so a change of an entity also updates the neighbourhoods of the entities
/// related to it (looked up in <paramref name="store"/> when such a subscription exists).
/// </summary>
/// <param name="store">The graphs, to find the neighbours of changed entities; without it only the changed entities' own neighbourhoods are updated.</param>
public sealed class GraphChangeNotifier(IKnowledgeGraphStore? store = null)
{
    /// <summary>The whole-graph resource of the official memory server.</summary>
    public const string WholeGraphUri = GraphResourceUri.WholeGraph;

    private const int NeighborLookup = 500;
    private readonly ConcurrentDictionary<string, GraphSession> _subscriptions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<GraphListener, byte> _listeners = new();

    /// <summary>The URI of an entity's resource.</summary>
    public static string EntityUri(string ns, string name) => GraphResourceUri.Entity(ns, name);

    /// <summary>The URI of an entity's neighbourhood resource.</summary>
    public static string NeighborhoodUri(string ns, string name) => GraphResourceUri.Neighborhood(ns, name);

    /// <summary>
    /// The key a subscription to <paramref name="uri"/> is kept under: the canonical <c>graph://</c> URI, or for the
    /// whole graph the URI with <paramref name="defaultNamespace"/> (the namespace it shows) after a '#'.
    /// </summary>
    public static string KeyOf(string uri, string defaultNamespace) =>
        uri == WholeGraphUri ? WholeGraphKey(defaultNamespace) : GraphResourceUri.Canonical(uri) ?? uri;

    /// <summary>Records that <paramref name="server"/>'s client wants updates of <paramref name="uri"/>.</summary>
    public void Subscribe(McpServer server, string uri) => Subscribe(server, uri, uri);

    /// <summary>
    /// Records that <paramref name="server"/>'s client wants updates of <paramref name="uri"/>, kept under <paramref name="key"/>.
    /// Subscriptions belong to the session (its <c>SessionId</c>; one per process over stdio), and updates
    /// are sent through the server object of its latest subscription.
    /// </summary>
    public void Subscribe(McpServer server, string uri, string key)
    {
        ArgumentNullException.ThrowIfNull(server);
        var session = _subscriptions.AddOrUpdate(SessionOf(server), _ => new GraphSession(server), (_, existing) => existing with { Server = server });
        session.Uris[key] = uri;
    }

    /// <summary>Forgets a subscription of <paramref name="server"/>'s session (by its key, which is the URI for subscriptions made without one).</summary>
    public void Unsubscribe(McpServer server, string key)
    {
        ArgumentNullException.ThrowIfNull(server);
        if (_subscriptions.TryGetValue(SessionOf(server), out var session))
        {
            session.Uris.TryRemove(key, out _);
        }
    }

    /// <summary>The URIs a session subscribed to with <c>resources/subscribe</c> (for tests and diagnostics).</summary>
    public IReadOnlyCollection<string> SubscriptionsOf(McpServer server) =>
        server is not null && _subscriptions.TryGetValue(SessionOf(server), out var session) ? [.. session.Uris.Values] : [];

    /// <summary>
    /// Starts delivering updates of <paramref name="uris"/> (key to URI) on the <c>subscriptions/listen</c> stream of
    /// request <paramref name="subscriptionId"/>; <paramref name="server"/> is that request's, which routes what it
    /// sends back on the request's stream. Dispose the result to stop.
    /// </summary>
    public IDisposable Listen(McpServer server, RequestId subscriptionId, IReadOnlyDictionary<string, string> uris)
    {
        var listener = new GraphListener(this, server, subscriptionId, uris);
        _listeners.TryAdd(listener, 0);
        return listener;
    }

    /// <summary>
    /// Sends a notification tagged with a <c>subscriptions/listen</c> stream's id, through the listen request's
    /// <paramref name="server"/> (which sends it back on that request's stream).
    /// </summary>
    public static Task SendOnStreamAsync(McpServer server, RequestId subscriptionId, string method, JsonObject parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters["_meta"] is not JsonObject meta)
        {
            parameters["_meta"] = meta = [];
        }

        meta[MetaKeys.SubscriptionId] = subscriptionId.Id switch
        {
            string text => JsonValue.Create(text),
            long number => JsonValue.Create(number),
            _ => null,
        };
        return server.SendMessageAsync(new JsonRpcNotification { Method = method, Params = parameters }, cancellationToken);
    }

    /// <summary>Notifies every session subscribed to a resource that the change of <paramref name="names"/> in <paramref name="ns"/> touches.</summary>
    public async Task GraphChangedAsync(string ns, IEnumerable<string> names, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(names);
        if (_subscriptions.IsEmpty && _listeners.IsEmpty)
        {
            return;
        }

        var changed = new HashSet<string>(StringComparer.Ordinal) { WholeGraphUri, WholeGraphKey(ns) };
        var touched = names.Distinct(StringComparer.Ordinal).ToList();
        foreach (var name in touched)
        {
            changed.Add(EntityUri(ns, name));
            changed.Add(NeighborhoodUri(ns, name));
        }

        if (store is not null && touched.Count > 0 && WatchesNeighborhoods(ns))
        {
            try
            {
                foreach (var neighbor in await NeighborsAsync(store, ns, touched, cancellationToken).ConfigureAwait(false))
                {
                    changed.Add(NeighborhoodUri(ns, neighbor));
                }
            }
            catch (McpMemoryException)
            {
                // The write is done; without the lookup only the changed entities' own resources are updated.
            }
        }

        await NotifyAsync(changed, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Notifies the sessions subscribed to the entity resources of <paramref name="subjects"/>, whose current facts
    /// changed (facts are part of an entity's resource only, not of neighbourhoods or the whole graph).
    /// </summary>
    public Task FactsChangedAsync(string ns, IEnumerable<string> subjects, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subjects);
        return _subscriptions.IsEmpty && _listeners.IsEmpty
            ? Task.CompletedTask
            : NotifyAsync(new HashSet<string>(subjects.Select(s => EntityUri(ns, s)), StringComparer.Ordinal), cancellationToken);
    }

    private async Task NotifyAsync(HashSet<string> changed, CancellationToken cancellationToken)
    {
        foreach (var (sessionId, session) in _subscriptions)
        {
            foreach (var (key, uri) in session.Uris)
            {
                if (!changed.Contains(key))
                {
                    continue;
                }

                try
                {
                    await session.Server.SendNotificationAsync(
                        NotificationMethods.ResourceUpdatedNotification,
                        new ResourceUpdatedNotificationParams { Uri = uri },
                        McpJsonUtilities.DefaultOptions,
                        cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is ObjectDisposedException or InvalidOperationException or IOException)
                {
                    // The session is gone.
                    _subscriptions.TryRemove(sessionId, out _);
                    break;
                }
            }
        }

        foreach (var listener in _listeners.Keys)
        {
            foreach (var (key, uri) in listener.Uris)
            {
                if (!changed.Contains(key))
                {
                    continue;
                }

                try
                {
                    await SendOnStreamAsync(listener.Server, listener.Id, NotificationMethods.ResourceUpdatedNotification, new JsonObject { ["uri"] = uri }, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is ObjectDisposedException or InvalidOperationException or IOException)
                {
                    // The stream is gone; its handler removes it when the request ends.
                    _listeners.TryRemove(listener, out _);
                    break;
                }
            }
        }
    }

    private static string WholeGraphKey(string ns) => $"{WholeGraphUri}#{Uri.EscapeDataString(ns)}";

    /// <summary>The entities one relation away from <paramref name="names"/> (those that still exist).</summary>
    private static async Task<HashSet<string>> NeighborsAsync(IKnowledgeGraphStore store, string ns, List<string> names, CancellationToken cancellationToken)
    {
        var neighbors = new HashSet<string>(StringComparer.Ordinal);
        for (var start = 0; start < names.Count; start += NeighborLookup)
        {
            var batch = names.GetRange(start, Math.Min(NeighborLookup, names.Count - start));
            var response = await store.ExecuteAsync(ns, new GraphRequest { Op = GraphOps.OpenNodes, Names = batch, Limit = NeighborLookup }, cancellationToken).ConfigureAwait(false);
            foreach (var relation in response.Relations ?? [])
            {
                neighbors.Add(relation.From);
                neighbors.Add(relation.To);
            }
        }

        return neighbors;
    }

    /// <summary>True when some subscription is to a neighbourhood in <paramref name="ns"/>.</summary>
    private bool WatchesNeighborhoods(string ns)
    {
        var prefix = NeighborhoodUri(ns, "");
        return _subscriptions.Values.Any(session => session.Uris.Keys.Any(k => k.StartsWith(prefix, StringComparison.Ordinal)))
            || _listeners.Keys.Any(l => l.Uris.Keys.Any(k => k.StartsWith(prefix, StringComparison.Ordinal)));
    }

    private static string SessionOf(McpServer server) => server.SessionId ?? "";

    /// <summary>A session's <c>resources/subscribe</c> subscriptions (key to URI) and the server to notify it through.</summary>
    private sealed record GraphSession(McpServer Server)
    {
        public ConcurrentDictionary<string, string> Uris { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>One open <c>subscriptions/listen</c> stream and the resources it asked for.</summary>
    private sealed class GraphListener(GraphChangeNotifier owner, McpServer server, RequestId id, IReadOnlyDictionary<string, string> uris) : IDisposable
    {
        public McpServer Server => server;

        public RequestId Id => id;

        public IReadOnlyDictionary<string, string> Uris => uris;

        public void Dispose() => owner._listeners.TryRemove(this, out _);
    }
}
