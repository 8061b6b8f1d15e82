using System.Text.Json;
using System.Text.Json.Nodes;
using McpMemory.Core.Identity;
using McpMemory.Mcp.Identity;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpMemory.Mcp.Notifications;

/// <summary>
/// The request handlers that subscribe clients to resources of every registered <see cref="IResourceSubscriptionScheme"/>
/// (graph and skill resources): <c>resources/subscribe</c> and <c>resources/unsubscribe</c> (protocol revisions up to
/// 2025-11-25), and <c>subscriptions/listen</c> (2026-07-28 on, where it replaces them, and also carries list
/// changes). A subscription is checked as a read would be: the URI must belong to a scheme and its namespace be one
/// the principal may read. The resource need not exist yet; creating it is a change.
/// </summary>
public static class ResourceSubscriptionHandlers
{
    /// <summary><c>resources/subscribe</c>.</summary>
    public static ValueTask<EmptyResult> SubscribeAsync(RequestContext<SubscribeRequestParams> request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (notifier, schemes, principal) = Services(request);
        var uri = request.Params?.Uri;
        notifier.Subscribe(request.Server, uri!, Key(schemes, principal, uri));
        return ValueTask.FromResult(new EmptyResult());
    }

    /// <summary><c>resources/unsubscribe</c>: forgets the subscription; unknown URIs are ignored.</summary>
    public static ValueTask<EmptyResult> UnsubscribeAsync(RequestContext<UnsubscribeRequestParams> request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (notifier, schemes, principal) = Services(request);
        if (request.Params?.Uri is { } uri)
        {
            string key;
            try
            {
                key = Key(schemes, principal, uri);
            }
            catch (McpProtocolException)
            {
                key = uri;
            }

            notifier.Unsubscribe(request.Server, key);
        }

        return ValueTask.FromResult(new EmptyResult());
    }

    /// <summary>
    /// <c>subscriptions/listen</c>: acknowledges what it can honour (resources of a registered scheme that the principal
    /// may read, and the list changes the server announces), then streams those notifications, tagged with the
    /// request's id, until the client cancels the request.
    /// </summary>
    public static async ValueTask<EmptyResult> ListenAsync(RequestContext<SubscriptionsListenRequestParams> request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (notifier, schemes, principal) = Services(request);
        var requested = request.Params?.Notifications ?? new SubscriptionsListenNotifications();
        var uris = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var uri in requested.ResourceSubscriptions ?? [])
        {
            try
            {
                uris.TryAdd(Key(schemes, principal, uri), uri);
            }
            catch (McpProtocolException)
            {
                // Not a resource of this server, or a namespace the principal may not read: not granted.
            }
        }

        var capabilities = request.Server.ServerOptions.Capabilities;
        var granted = new SubscriptionsListenNotifications
        {
            ToolsListChanged = requested.ToolsListChanged == true && capabilities?.Tools?.ListChanged == true ? true : null,
            PromptsListChanged = requested.PromptsListChanged == true && capabilities?.Prompts?.ListChanged == true ? true : null,
            ResourcesListChanged = requested.ResourcesListChanged == true && capabilities?.Resources?.ListChanged == true ? true : null,
            ResourceSubscriptions = uris.Count > 0 ? [.. uris.Values] : null,
        };
        var listChanges = new List<string>();
        if (granted.PromptsListChanged == true)
        {
            listChanges.Add(NotificationMethods.PromptListChangedNotification);
        }

        if (granted.ResourcesListChanged == true)
        {
            listChanges.Add(NotificationMethods.ResourceListChangedNotification);
        }

        var acknowledgement = JsonSerializer.SerializeToNode(
            new SubscriptionsAcknowledgedNotificationParams { Notifications = granted },
            McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(SubscriptionsAcknowledgedNotificationParams))) as JsonObject ?? [];
        await ChangeNotifier.SendOnStreamAsync(request.Server, request.JsonRpcRequest.Id, NotificationMethods.SubscriptionsAcknowledgedNotification, acknowledgement, cancellationToken).ConfigureAwait(false);
        using (notifier.Listen(request.Server, request.JsonRpcRequest.Id, uris, listChanges))
        {
            var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (cancellationToken.Register(() => ended.TrySetResult()))
            {
                await ended.Task.ConfigureAwait(false);
            }
        }

        return new EmptyResult();
    }

    /// <summary>The key of a subscription to <paramref name="uri"/>; throws a protocol error for a URI no scheme owns or a namespace the principal may not read.</summary>
    private static string Key(IEnumerable<IResourceSubscriptionScheme> schemes, MemoryPrincipal principal, string? uri)
    {
        if (string.IsNullOrWhiteSpace(uri))
        {
            throw new McpProtocolException("'uri' is missing: give the URI of a resource to subscribe to.", McpErrorCode.InvalidParams);
        }

        var known = new List<string>();
        foreach (var scheme in schemes)
        {
            if (scheme.KeyOf(principal, uri) is { } key)
            {
                return key;
            }

            known.Add(scheme.Describe);
        }

        throw new McpProtocolException(
            $"'{uri}' is not a resource of this server: subscribe to {(known.Count == 0 ? "nothing (no resources are enabled)" : string.Join(", ", known))} (names escaped as URI data).",
            McpErrorCode.InvalidParams);
    }

    private static (ChangeNotifier Notifier, IEnumerable<IResourceSubscriptionScheme> Schemes, MemoryPrincipal Principal) Services<T>(RequestContext<T> request)
        where T : RequestParams
    {
        var services = request.Services ?? throw new InvalidOperationException("The MCP request carries no services.");
        return (services.GetRequiredService<ChangeNotifier>(), services.GetServices<IResourceSubscriptionScheme>(), services.GetRequiredService<PrincipalResolver>().Resolve(request.User));
    }
}
