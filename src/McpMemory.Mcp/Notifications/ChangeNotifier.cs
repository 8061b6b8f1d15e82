using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpMemory.Mcp.Notifications;

/// <summary>
/// Tells clients what changed, for every kind of resource and list this server has (graph resources, skills, prompts):
/// <list type="bullet">
/// <item><c>notifications/resources/updated</c> to the sessions subscribed to a resource, by <c>resources/subscribe</c>
/// (protocol revisions up to 2025-11-25) or on a <c>subscriptions/listen</c> stream (2026-07-28 on), whose
/// notifications are tagged with the stream's id and sent back on it. A subscription is kept under a key (given by
/// the resource's <see cref="IResourceSubscriptionScheme"/>), so that spellings of one URI that escape differently are
/// one subscription; the client is notified with the URI as it wrote it.</item>
/// <item><c>notifications/prompts/list_changed</c> and <c>notifications/resources/list_changed</c> to every session
/// of an older revision that this process has heard from (<see cref="Track"/>), and to the listen streams that asked
/// for them.</item>
/// </list>
/// Only writes made through this process are announced.
/// </summary>
public sealed class ChangeNotifier
{
    /// <summary>The first protocol revision whose clients subscribe with <c>subscriptions/listen</c>.</summary>
    public const string ListenRevision = "2026-07-28";

    private readonly ConcurrentDictionary<string, SubscribedSession> _subscriptions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Listener, byte> _listeners = new();
    private readonly ConcurrentDictionary<string, McpServer> _sessions = new(StringComparer.Ordinal);

    /// <summary>True when nothing would receive a resource update.</summary>
    public bool HasNoSubscribers => _subscriptions.IsEmpty && _listeners.IsEmpty;

    /// <summary>True when <paramref name="version"/> is a revision whose clients use <c>subscriptions/listen</c>.</summary>
    public static bool UsesListen(string? version) => version is not null && string.CompareOrdinal(version, ListenRevision) >= 0;

    /// <summary>
    /// Remembers a session of an older revision (called for every incoming message), so that list changes reach it.
    /// Sessions of 2026-07-28 on get list changes only on the listen streams that asked for them.
    /// </summary>
    public void Track(McpServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        if (server.NegotiatedProtocolVersion is { } version && !UsesListen(version))
        {
            _sessions[SessionOf(server)] = server;
        }
    }

    /// <summary>
    /// Records that <paramref name="server"/>'s client wants updates of <paramref name="uri"/>, kept under <paramref name="key"/>.
    /// Subscriptions belong to the session (its <c>SessionId</c>; one per process over stdio), and updates are sent
    /// through the server object of its latest subscription.
    /// </summary>
    public void Subscribe(McpServer server, string uri, string key)
    {
        ArgumentNullException.ThrowIfNull(server);
        var session = _subscriptions.AddOrUpdate(SessionOf(server), _ => new SubscribedSession(server), (_, existing) => existing with { Server = server });
        session.Uris[key] = uri;
    }

    /// <summary>Forgets a subscription of <paramref name="server"/>'s session, by its key.</summary>
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

    /// <summary>True when some subscription's key satisfies <paramref name="predicate"/>.</summary>
    public bool Watches(Func<string, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return _subscriptions.Values.Any(session => session.Uris.Keys.Any(predicate)) || _listeners.Keys.Any(l => l.Uris.Keys.Any(predicate));
    }

    /// <summary>
    /// Starts delivering updates of <paramref name="uris"/> (key to URI) and the list changes named in
    /// <paramref name="listChanges"/> (notification methods) on the <c>subscriptions/listen</c> stream of request
    /// <paramref name="subscriptionId"/>; <paramref name="server"/> is that request's, which routes what it sends back
    /// on the request's stream. Dispose the result to stop.
    /// </summary>
    public IDisposable Listen(McpServer server, RequestId subscriptionId, IReadOnlyDictionary<string, string> uris, IReadOnlyCollection<string> listChanges)
    {
        var listener = new Listener(this, server, subscriptionId, uris, listChanges);
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

    /// <summary>Sends <c>notifications/resources/updated</c> for every subscription whose key is in <paramref name="keys"/>.</summary>
    public async Task ResourcesUpdatedAsync(IReadOnlySet<string> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        foreach (var (sessionId, session) in _subscriptions)
        {
            foreach (var (key, uri) in session.Uris)
            {
                if (!keys.Contains(key))
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
                if (!keys.Contains(key))
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

    /// <summary>
    /// Sends a list-changed notification (<see cref="NotificationMethods.PromptListChangedNotification"/>,
    /// <see cref="NotificationMethods.ResourceListChangedNotification"/>) to every tracked session and to the listen
    /// streams that asked for it.
    /// </summary>
    public async Task ListChangedAsync(string method, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        foreach (var (sessionId, server) in _sessions)
        {
            try
            {
                await server.SendNotificationAsync(method, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ObjectDisposedException or InvalidOperationException or IOException)
            {
                _sessions.TryRemove(new KeyValuePair<string, McpServer>(sessionId, server));
            }
        }

        foreach (var listener in _listeners.Keys)
        {
            if (!listener.ListChanges.Contains(method))
            {
                continue;
            }

            try
            {
                await SendOnStreamAsync(listener.Server, listener.Id, method, [], cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ObjectDisposedException or InvalidOperationException or IOException)
            {
                _listeners.TryRemove(listener, out _);
            }
        }
    }

    private static string SessionOf(McpServer server) => server.SessionId ?? "";

    /// <summary>A session's <c>resources/subscribe</c> subscriptions (key to URI) and the server to notify it through.</summary>
    private sealed record SubscribedSession(McpServer Server)
    {
        public ConcurrentDictionary<string, string> Uris { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>One open <c>subscriptions/listen</c> stream, the resources and the list changes it asked for.</summary>
    private sealed class Listener(ChangeNotifier owner, McpServer server, RequestId id, IReadOnlyDictionary<string, string> uris, IReadOnlyCollection<string> listChanges) : IDisposable
    {
        public McpServer Server => server;

        public RequestId Id => id;

        public IReadOnlyDictionary<string, string> Uris => uris;

        public IReadOnlyCollection<string> ListChanges => listChanges;

        public void Dispose() => owner._listeners.TryRemove(this, out _);
    }
}
