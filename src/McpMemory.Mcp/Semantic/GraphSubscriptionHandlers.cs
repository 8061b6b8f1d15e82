using System.Text.Json;
using System.Text.Json.Nodes;
using McpMemory.Core;
using McpMemory.Core.Identity;
using McpMemory.Mcp.Identity;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpMemory.Mcp.Semantic;

/// <summary>
/// The request handlers that subscribe clients to the graph resources: <c>resources/subscribe</c> and
/// <c>resources/unsubscribe</c> (protocol revisions up to 2025-11-25), and <c>subscriptions/listen</c> (2026-07-28 on,
/// where it replaces them). A subscription is checked as a read would be: the URI must be a graph resource and its
/// namespace one the principal may read. The resource need not exist yet; creating it is a change.
/// </summary>
public static class GraphSubscriptionHandlers
{
    /// <summary><c>resources/subscribe</c>.</summary>
    public static ValueTask<EmptyResult> SubscribeAsync(RequestContext<SubscribeRequestParams> request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (notifier, principal) = Services(request);
        var uri = request.Params?.Uri;
        notifier.Subscribe(request.Server, uri!, Key(principal, uri));
        return ValueTask.FromResult(new EmptyResult());
    }

    /// <summary><c>resources/unsubscribe</c>: forgets the subscription; unknown URIs are ignored.</summary>
    public static ValueTask<EmptyResult> UnsubscribeAsync(RequestContext<UnsubscribeRequestParams> request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (notifier, principal) = Services(request);
        if (request.Params?.Uri is { } uri)
        {
            notifier.Unsubscribe(request.Server, GraphChangeNotifier.KeyOf(uri, principal.DefaultNamespace));
        }

        return ValueTask.FromResult(new EmptyResult());
    }

    /// <summary>
    /// <c>subscriptions/listen</c>: acknowledges the resource subscriptions it can honour (graph resources the principal
    /// may read; list changes are granted as requested, since our lists never change), then streams their updates,
    /// tagged with the request's id, until the client cancels the request.
    /// </summary>
    public static async ValueTask<EmptyResult> ListenAsync(RequestContext<SubscriptionsListenRequestParams> request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (notifier, principal) = Services(request);
        var requested = request.Params?.Notifications ?? new SubscriptionsListenNotifications();
        var uris = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var uri in requested.ResourceSubscriptions ?? [])
        {
            try
            {
                uris.TryAdd(Key(principal, uri), uri);
            }
            catch (McpProtocolException)
            {
                // Not a graph resource, or a namespace the principal may not read: not granted.
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
        var acknowledgement = JsonSerializer.SerializeToNode(
            new SubscriptionsAcknowledgedNotificationParams { Notifications = granted },
            McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(SubscriptionsAcknowledgedNotificationParams))) as JsonObject ?? [];
        await GraphChangeNotifier.SendOnStreamAsync(request.Server, request.JsonRpcRequest.Id, NotificationMethods.SubscriptionsAcknowledgedNotification, acknowledgement, cancellationToken).ConfigureAwait(false);
        using (notifier.Listen(request.Server, request.JsonRpcRequest.Id, uris))
        {
            var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (cancellationToken.Register(() => ended.TrySetResult()))
            {
                await ended.Task.ConfigureAwait(false);
            }
        }

        return new EmptyResult();
    }

    /// <summary>The key of a subscription to <paramref name="uri"/>; throws a protocol error for a URI that is not a graph resource or a namespace the principal may not read.</summary>
    private static string Key(MemoryPrincipal principal, string? uri)
    {
        if (string.IsNullOrWhiteSpace(uri))
        {
            throw new McpProtocolException("'uri' is missing: give the URI of a graph resource to subscribe to.", McpErrorCode.InvalidParams);
        }

        if (uri != GraphResourceUri.WholeGraph)
        {
            if (!GraphResourceUri.TryParse(uri, out _, out var ns, out _))
            {
                throw new McpProtocolException(
                    $"'{uri}' is not a resource of this server: subscribe to {GraphResourceUri.WholeGraph}, {GraphResourceUri.EntityTemplate} or {GraphResourceUri.NeighborhoodTemplate} (names escaped as URI data).",
                    McpErrorCode.InvalidParams);
            }

            try
            {
                principal.ResolveNamespace(ns, NamespaceAccess.Read);
            }
            catch (McpMemoryException ex)
            {
                throw new McpProtocolException($"{ex.Message} [{ex.Code}]", ex, McpErrorCode.InvalidParams);
            }
        }

        return GraphChangeNotifier.KeyOf(uri, principal.DefaultNamespace);
    }

    private static (GraphChangeNotifier Notifier, MemoryPrincipal Principal) Services<T>(RequestContext<T> request)
        where T : RequestParams
    {
        var services = request.Services ?? throw new InvalidOperationException("The MCP request carries no services.");
        return (services.GetRequiredService<GraphChangeNotifier>(), services.GetRequiredService<PrincipalResolver>().Resolve(request.User));
    }
}
