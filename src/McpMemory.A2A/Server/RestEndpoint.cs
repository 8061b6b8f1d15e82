using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using McpMemory.A2A.Execution;
using McpMemory.A2A.Protocol;
using McpMemory.A2A.Tasks;
using McpMemory.Core;
using McpMemory.Core.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace McpMemory.A2A.Server;

/// <summary>
/// The HTTP+JSON (REST) binding of A2A v1.0 under <see cref="A2AServerOptions.RestPath"/>: <c>POST /message:send</c>,
/// <c>POST /message:stream</c> (server-sent events of <c>StreamResponse</c>), <c>GET /tasks</c>, <c>GET /tasks/{id}</c>,
/// <c>POST /tasks/{id}:cancel</c>, <c>GET|POST /tasks/{id}:subscribe</c>, <c>POST|GET /tasks/{id}/pushNotificationConfigs</c>,
/// <c>GET|DELETE /tasks/{id}/pushNotificationConfigs/{configId}</c> and <c>GET /extendedAgentCard</c>. Errors are
/// <c>{"error": {"code", "status", "message", "details": [google.rpc.ErrorInfo with the A2A reason]}}</c>.
/// </summary>
internal sealed partial class RestEndpoint(
    TaskManager tasks,
    PushNotifier push,
    IA2AAgent agent,
    PrincipalDirectory principals,
    IOptions<A2AServerOptions> options,
    ILogger<RestEndpoint> logger)
{
    private const string Routes = "POST /message:send, POST /message:stream, GET /tasks, GET /tasks/{id}, POST /tasks/{id}:cancel, POST /tasks/{id}:subscribe, POST|GET /tasks/{id}/pushNotificationConfigs, GET|DELETE /tasks/{id}/pushNotificationConfigs/{configId}, GET /extendedAgentCard";

    public async Task HandleAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var cancellationToken = http.RequestAborted;
        var path = "/" + (http.GetRouteValue("path") as string ?? "");
        var method = http.Request.Method;
        try
        {
            var header = http.Request.Headers[A2AVersions.HeaderName].ToString();
            if (header.Length > 0 && A2AVersions.Parse(header) != A2AFamily.V1)
            {
                throw new A2AException(A2AErrorCodes.VersionNotSupported, $"A2A-Version '{header}' is not supported by the REST binding, which speaks 1.0 only: send A2A-Version: 1.0 (or use JSON-RPC at {options.Value.JsonRpcPath} for 0.3).");
            }

            var principal = Resolve(http);
            await DispatchAsync(http, method, path, principal, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e) when (!http.Response.HasStarted)
        {
            var (status, body) = ErrorBody(e, $"{method} {path}");
            http.Response.StatusCode = status;
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(A2AWire.ToJson(body), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is A2AException or McpMemoryException)
        {
            var (_, body) = ErrorBody(e, $"{method} {path}");
            await http.Response.WriteAsync("event: error\ndata: " + A2AWire.ToJson(body) + "\n\n", CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task DispatchAsync(HttpContext http, string method, string path, MemoryPrincipal principal, CancellationToken cancellationToken)
    {
        if (path is "/message:send" or "/message:stream" && HttpMethods.IsPost(method))
        {
            var body = await ReadBodyAsync(http, cancellationToken).ConfigureAwait(false);
            var (message, returnImmediately, historyLength, pushConfig) = A2AOperations.ReadSend(body, A2AFamily.V1, push);
            if (path == "/message:stream")
            {
                var (snapshot, events) = await tasks.StartAsync(principal, message, cancellationToken, pushConfig).ConfigureAwait(false);
                await StreamAsync(http, snapshot, events, cancellationToken).ConfigureAwait(false);
                return;
            }

            var task = await tasks.SendAsync(principal, message, returnImmediately, pushConfig, cancellationToken).ConfigureAwait(false);
            await WriteAsync(http, new JsonObject { ["task"] = A2AWire.WriteTask(task, A2AFamily.V1, historyLength) }).ConfigureAwait(false);
            return;
        }

        if (path == "/tasks" && HttpMethods.IsGet(method))
        {
            await WriteAsync(http, await A2AOperations.ListAsync(tasks, QueryAsJson(http), principal, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            return;
        }

        if (path == "/extendedAgentCard" && HttpMethods.IsGet(method))
        {
            await WriteAsync(http, AgentCardWriter.Write(options.Value, agent, AgentCardEndpoint.BaseUrl(http.Request), v1: true)).ConfigureAwait(false);
            return;
        }

        if (path.StartsWith("/tasks/", StringComparison.Ordinal))
        {
            var rest = path["/tasks/".Length..];
            var configs = rest.IndexOf("/pushNotificationConfigs", StringComparison.Ordinal);
            if (configs > 0)
            {
                await PushConfigAsync(http, method, Uri.UnescapeDataString(rest[..configs]), rest[(configs + "/pushNotificationConfigs".Length)..], principal, cancellationToken).ConfigureAwait(false);
                return;
            }

            if (rest.EndsWith(":cancel", StringComparison.Ordinal) && HttpMethods.IsPost(method))
            {
                var canceled = await tasks.CancelAsync(principal.Name, Uri.UnescapeDataString(rest[..^":cancel".Length]), cancellationToken).ConfigureAwait(false);
                await WriteAsync(http, A2AWire.WriteTask(canceled, A2AFamily.V1)).ConfigureAwait(false);
                return;
            }

            if (rest.EndsWith(":subscribe", StringComparison.Ordinal) && (HttpMethods.IsPost(method) || HttpMethods.IsGet(method)))
            {
                var (snapshot, events) = await tasks.SubscribeAsync(principal.Name, Uri.UnescapeDataString(rest[..^":subscribe".Length]), cancellationToken).ConfigureAwait(false);
                await StreamAsync(http, snapshot, events, cancellationToken).ConfigureAwait(false);
                return;
            }

            if (!rest.Contains(':', StringComparison.Ordinal) && !rest.Contains('/', StringComparison.Ordinal) && HttpMethods.IsGet(method))
            {
                var task = await tasks.GetAsync(principal.Name, Uri.UnescapeDataString(rest), cancellationToken).ConfigureAwait(false);
                await WriteAsync(http, A2AWire.WriteTask(task, A2AFamily.V1, A2AOperations.ReadHistoryLength(QueryAsJson(http)))).ConfigureAwait(false);
                return;
            }
        }

        throw new A2AException(A2AErrorCodes.MethodNotFound, $"No A2A REST route is '{method} {path}': the routes under {options.Value.RestPath} are {Routes}.");
    }

    // POST /tasks/{id}/pushNotificationConfigs, GET the same (list), GET and DELETE .../pushNotificationConfigs/{configId}.
    private async Task PushConfigAsync(HttpContext http, string method, string taskId, string tail, MemoryPrincipal principal, CancellationToken cancellationToken)
    {
        var configId = tail.StartsWith('/') && tail.Length > 1 ? Uri.UnescapeDataString(tail[1..]) : null;
        if (tail.Length > 0 && configId is null)
        {
            throw new A2AException(A2AErrorCodes.MethodNotFound, $"No A2A REST route is '{method} /tasks/{taskId}/pushNotificationConfigs{tail}': the routes under {options.Value.RestPath} are {Routes}.");
        }

        if (configId is null && HttpMethods.IsPost(method))
        {
            var body = await ReadBodyAsync(http, cancellationToken).ConfigureAwait(false);
            var config = A2AOperations.ReadPushConfig(A2AWire.Get(body, "config") ?? body, A2AFamily.V1, push, "body");
            var stored = await tasks.SetPushConfigAsync(principal.Name, taskId, config, cancellationToken).ConfigureAwait(false);
            await WriteAsync(http, A2AOperations.WritePushConfig(taskId, stored, A2AFamily.V1)).ConfigureAwait(false);
        }
        else if (configId is null && HttpMethods.IsGet(method))
        {
            var configs = await tasks.ListPushConfigsAsync(principal.Name, taskId, cancellationToken).ConfigureAwait(false);
            await WriteAsync(http, A2AOperations.PagePushConfigs(taskId, configs, QueryAsJson(http), "query")).ConfigureAwait(false);
        }
        else if (configId is not null && HttpMethods.IsGet(method))
        {
            await WriteAsync(http, A2AOperations.WritePushConfig(taskId, await tasks.GetPushConfigAsync(principal.Name, taskId, configId, cancellationToken).ConfigureAwait(false), A2AFamily.V1)).ConfigureAwait(false);
        }
        else if (configId is not null && HttpMethods.IsDelete(method))
        {
            await tasks.DeletePushConfigAsync(principal.Name, taskId, configId, cancellationToken).ConfigureAwait(false);
            await WriteAsync(http, new JsonObject()).ConfigureAwait(false);
        }
        else
        {
            throw new A2AException(A2AErrorCodes.MethodNotFound, $"No A2A REST route is '{method} /tasks/{taskId}/pushNotificationConfigs{tail}': the routes under {options.Value.RestPath} are {Routes}.");
        }
    }

    private async Task<JsonElement> ReadBodyAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var maxBytes = options.Value.MaxRequestBytes;
        A2AOperations.LimitBody(http, maxBytes);
        try
        {
            using var document = await JsonDocument.ParseAsync(http.Request.Body, default, cancellationToken).ConfigureAwait(false);
            if (A2AWire.FindInvalidString(document.RootElement) is { } invalid)
            {
                throw new A2AException(A2AErrorCodes.ParseError, A2AWire.InvalidStringMessage(invalid));
            }

            return document.RootElement.ValueKind == JsonValueKind.Object
                ? document.RootElement.Clone()
                : throw A2AException.InvalidParams($"The request body must be a JSON object (a SendMessageRequest), not {A2AWire.Describe(document.RootElement)}.");
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw new A2AException(A2AErrorCodes.InvalidRequest, A2AOperations.TooLarge(maxBytes));
        }
        catch (JsonException e)
        {
            throw new A2AException(A2AErrorCodes.ParseError, $"The request body is not JSON ({e.Message}): send a SendMessageRequest such as {{\"message\": {{\"messageId\": \"1\", \"role\": \"ROLE_USER\", \"parts\": [{{\"text\": \"...\"}}]}}}}.");
        }
    }

    private static JsonElement QueryAsJson(HttpContext http)
    {
        var query = new JsonObject();
        foreach (var (key, value) in http.Request.Query)
        {
            query[key] = value.ToString();
        }

        using var document = JsonDocument.Parse(query.ToJsonString());
        return document.RootElement.Clone();
    }

    private static async Task StreamAsync(HttpContext http, A2ATask snapshot, ChannelReader<A2ATaskEvent> events, CancellationToken cancellationToken)
    {
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await WriteEventAsync(http, new A2ATaskEvent.Snapshot(snapshot), cancellationToken).ConfigureAwait(false);
        await foreach (var taskEvent in events.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            await WriteEventAsync(http, taskEvent, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task WriteEventAsync(HttpContext http, A2ATaskEvent taskEvent, CancellationToken cancellationToken)
    {
        await http.Response.WriteAsync("data: " + A2AWire.ToJson(A2AWire.WriteEvent(taskEvent, A2AFamily.V1)) + "\n\n", cancellationToken).ConfigureAwait(false);
        await http.Response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static Task WriteAsync(HttpContext http, JsonObject body)
    {
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync(A2AWire.ToJson(body), http.RequestAborted);
    }

    private MemoryPrincipal Resolve(HttpContext http) =>
        http.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? principals.Get(name) : principals.Local;

    private (int Status, JsonObject Body) ErrorBody(Exception e, string route)
    {
        var (code, message) = e switch
        {
            A2AException a2a => (a2a.Code, a2a.Message),
            McpMemoryException { Code: McpMemoryErrorCodes.InvalidArgument or McpMemoryErrorCodes.NamespaceDenied or McpMemoryErrorCodes.NotFound } memory => (A2AErrorCodes.InvalidParams, memory.Message),
            McpMemoryException memory => (A2AErrorCodes.InternalError, memory.Message),
            _ => (A2AErrorCodes.InternalError, $"{route} failed with an internal error ({e.GetType().Name}); the server log has the details."),
        };
        if (e is not (A2AException or McpMemoryException))
        {
            LogFailed(logger, route, e);
        }

        var reason = A2AErrorCodes.Reason(code);
        var (status, statusName) = code switch
        {
            A2AErrorCodes.TaskNotFound or A2AErrorCodes.MethodNotFound => (404, "NOT_FOUND"),
            A2AErrorCodes.TaskNotCancelable or A2AErrorCodes.PushNotificationNotSupported or A2AErrorCodes.UnsupportedOperation or A2AErrorCodes.VersionNotSupported => (400, "FAILED_PRECONDITION"),
            A2AErrorCodes.InternalError => (500, "INTERNAL"),
            _ => (400, "INVALID_ARGUMENT"),
        };
        var body = new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["code"] = status,
                ["status"] = statusName,
                ["message"] = message,
                ["details"] = new JsonArray(new JsonObject { ["@type"] = "type.googleapis.com/google.rpc.ErrorInfo", ["reason"] = reason, ["domain"] = A2AErrorCodes.Domain }),
            },
        };
        return (status, body);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A2A REST route {Route} failed")]
    private static partial void LogFailed(ILogger logger, string route, Exception exception);
}
