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
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace McpMemory.A2A.Server;

/// <summary>
/// A2A over JSON-RPC 2.0 at one URL for both families: the method name picks v1.0 (<c>SendMessage</c>, ...) or v0.3
/// (<c>message/send</c>, ...), and the answer takes that family's shape. Streaming methods answer with server-sent
/// events. Every failure is a JSON-RPC error with the spec's code and a message that says what to fix; none is a 500.
/// </summary>
internal sealed partial class JsonRpcEndpoint(
    TaskManager tasks,
    PushNotifier push,
    IA2AAgent agent,
    PrincipalDirectory principals,
    IOptions<A2AServerOptions> options,
    ILogger<JsonRpcEndpoint> logger)
{
    private static readonly Dictionary<string, (A2AFamily Family, string Operation)> Methods = new(StringComparer.Ordinal)
    {
        ["SendMessage"] = (A2AFamily.V1, "send"),
        ["SendStreamingMessage"] = (A2AFamily.V1, "stream"),
        ["GetTask"] = (A2AFamily.V1, "get"),
        ["ListTasks"] = (A2AFamily.V1, "list"),
        ["CancelTask"] = (A2AFamily.V1, "cancel"),
        ["SubscribeToTask"] = (A2AFamily.V1, "subscribe"),
        ["GetExtendedAgentCard"] = (A2AFamily.V1, "card"),
        ["CreateTaskPushNotificationConfig"] = (A2AFamily.V1, "push-set"),
        ["GetTaskPushNotificationConfig"] = (A2AFamily.V1, "push-get"),
        ["ListTaskPushNotificationConfigs"] = (A2AFamily.V1, "push-list"),
        ["DeleteTaskPushNotificationConfig"] = (A2AFamily.V1, "push-delete"),
        ["message/send"] = (A2AFamily.V03, "send"),
        ["message/stream"] = (A2AFamily.V03, "stream"),
        ["tasks/get"] = (A2AFamily.V03, "get"),
        ["tasks/cancel"] = (A2AFamily.V03, "cancel"),
        ["tasks/resubscribe"] = (A2AFamily.V03, "subscribe"),
        ["agent/getAuthenticatedExtendedCard"] = (A2AFamily.V03, "card"),
        ["tasks/pushNotificationConfig/set"] = (A2AFamily.V03, "push-set"),
        ["tasks/pushNotificationConfig/get"] = (A2AFamily.V03, "push-get"),
        ["tasks/pushNotificationConfig/list"] = (A2AFamily.V03, "push-list"),
        ["tasks/pushNotificationConfig/delete"] = (A2AFamily.V03, "push-delete"),
    };

    public async Task HandleAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var cancellationToken = http.RequestAborted;
        JsonDocument document;
        var maxBytes = options.Value.MaxRequestBytes;
        A2AOperations.LimitBody(http, maxBytes);
        try
        {
            document = await JsonDocument.ParseAsync(http.Request.Body, default, cancellationToken).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await WriteErrorAsync(http, null, A2AErrorCodes.InvalidRequest, A2AOperations.TooLarge(maxBytes)).ConfigureAwait(false);
            return;
        }
        catch (JsonException e)
        {
            await WriteErrorAsync(http, null, A2AErrorCodes.ParseError, $"The request body is not JSON ({e.Message}): send one JSON-RPC 2.0 request object.").ConfigureAwait(false);
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            if (A2AWire.FindInvalidString(root) is { } invalid)
            {
                await WriteErrorAsync(http, null, A2AErrorCodes.ParseError, A2AWire.InvalidStringMessage(invalid)).ConfigureAwait(false);
                return;
            }

            if (root.ValueKind == JsonValueKind.Array)
            {
                await WriteErrorAsync(http, null, A2AErrorCodes.InvalidRequest, "JSON-RPC batches are not supported by A2A: send one request object per HTTP request.").ConfigureAwait(false);
                return;
            }

            JsonNode? id = null;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("id", out var idElement))
            {
                if (idElement.ValueKind is not (JsonValueKind.String or JsonValueKind.Number or JsonValueKind.Null))
                {
                    await WriteErrorAsync(http, null, A2AErrorCodes.InvalidRequest, "'id' must be a string, a number or null.").ConfigureAwait(false);
                    return;
                }

                id = JsonNode.Parse(idElement.GetRawText());
            }

            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("jsonrpc", out var version) || version.ValueKind != JsonValueKind.String || version.GetString() != "2.0"
                || !root.TryGetProperty("method", out var methodElement) || methodElement.ValueKind != JsonValueKind.String)
            {
                await WriteErrorAsync(http, id, A2AErrorCodes.InvalidRequest, "Not a JSON-RPC 2.0 request: send an object with \"jsonrpc\": \"2.0\", a string \"method\", \"params\" and \"id\".").ConfigureAwait(false);
                return;
            }

            // JSON-RPC 2.0: a request without "id" is a notification. It is carried out but never answered, not even
            // with an error, so the HTTP answer is 204 with no body; what would have been written goes nowhere.
            var notification = !root.TryGetProperty("id", out _);
            var answer = http.Response.Body;
            if (notification)
            {
                http.Response.Body = Stream.Null;
            }

            try
            {
                await HandleRequestAsync(http, id, root, methodElement.GetString()!, notification, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                if (notification)
                {
                    http.Response.Body = answer;
                    http.Response.Headers.CacheControl = default;
                    http.Response.ContentType = null;
                    http.Response.StatusCode = StatusCodes.Status204NoContent;
                }
            }
        }
    }

    private async Task HandleRequestAsync(HttpContext http, JsonNode? id, JsonElement root, string method, bool notification, CancellationToken cancellationToken)
    {
        var header = http.Request.Headers[A2AVersions.HeaderName].ToString();
        if (A2AVersions.Parse(header) is null)
        {
            await WriteErrorAsync(http, id, A2AErrorCodes.VersionNotSupported, $"A2A-Version '{header}' is not supported: this agent speaks 1.0 and 0.3. Send one of them, or leave the header out for 0.3.").ConfigureAwait(false);
            return;
        }

        if (!Methods.TryGetValue(method, out var route))
        {
            await WriteErrorAsync(http, id, A2AErrorCodes.MethodNotFound, $"'{method}' is not an A2A method here. v1.0: {string.Join(", ", Methods.Where(m => m.Value.Family == A2AFamily.V1).Select(m => m.Key))}; v0.3: {string.Join(", ", Methods.Where(m => m.Value.Family == A2AFamily.V03).Select(m => m.Key))}.").ConfigureAwait(false);
            return;
        }

        JsonElement parameters;
        if (!root.TryGetProperty("params", out parameters) || parameters.ValueKind == JsonValueKind.Null)
        {
            parameters = A2AOperations.EmptyObject;
        }
        else if (parameters.ValueKind != JsonValueKind.Object)
        {
            await WriteErrorAsync(http, id, A2AErrorCodes.InvalidParams, $"'params' of {method} must be an object, not {A2AWire.Describe(parameters)}.").ConfigureAwait(false);
            return;
        }

        try
        {
            var principal = Resolve(http);
            // Nobody reads a notification's stream: a streamed message runs as a blocking send, a subscription does nothing.
            var operation = notification ? route.Operation switch { "stream" => "send", "subscribe" => "get", var other => other } : route.Operation;
            await DispatchAsync(http, id, route.Family, operation, parameters, principal, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
        }
        catch (Exception e) when (!http.Response.HasStarted)
        {
            var (code, message) = Describe(e, method);
            await WriteErrorAsync(http, id, code, message).ConfigureAwait(false);
        }
        catch (Exception e) when (e is A2AException or McpMemoryException)
        {
            var (code, message) = Describe(e, method);
            await WriteSseAsync(http, Envelope(id, "error", new JsonObject { ["code"] = code, ["message"] = message }), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task DispatchAsync(HttpContext http, JsonNode? id, A2AFamily family, string operation, JsonElement parameters, MemoryPrincipal principal, CancellationToken cancellationToken)
    {
        switch (operation)
        {
            case "send":
            {
                var (message, returnImmediately, historyLength, pushConfig) = A2AOperations.ReadSend(parameters, family, push);
                var task = await tasks.SendAsync(principal, message, returnImmediately, pushConfig, cancellationToken).ConfigureAwait(false);
                var written = A2AWire.WriteTask(task, family, historyLength);
                await WriteResultAsync(http, id, family == A2AFamily.V1 ? new JsonObject { ["task"] = written } : written).ConfigureAwait(false);
                return;
            }

            case "stream":
            {
                var (message, _, _, pushConfig) = A2AOperations.ReadSend(parameters, family, push);
                var (snapshot, events) = await tasks.StartAsync(principal, message, cancellationToken, pushConfig).ConfigureAwait(false);
                await StreamAsync(http, id, family, snapshot, events, cancellationToken).ConfigureAwait(false);
                return;
            }

            case "get":
            {
                var task = await tasks.GetAsync(principal.Name, A2AOperations.ReadTaskId(parameters), cancellationToken).ConfigureAwait(false);
                await WriteResultAsync(http, id, A2AWire.WriteTask(task, family, A2AOperations.ReadHistoryLength(parameters))).ConfigureAwait(false);
                return;
            }

            case "list":
                await WriteResultAsync(http, id, await A2AOperations.ListAsync(tasks, parameters, principal, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
                return;

            case "cancel":
            {
                var task = await tasks.CancelAsync(principal.Name, A2AOperations.ReadTaskId(parameters), cancellationToken).ConfigureAwait(false);
                await WriteResultAsync(http, id, A2AWire.WriteTask(task, family)).ConfigureAwait(false);
                return;
            }

            case "subscribe":
            {
                var (snapshot, events) = await tasks.SubscribeAsync(principal.Name, A2AOperations.ReadTaskId(parameters), cancellationToken).ConfigureAwait(false);
                await StreamAsync(http, id, family, snapshot, events, cancellationToken).ConfigureAwait(false);
                return;
            }

            case "card":
                await WriteResultAsync(http, id, AgentCardWriter.Write(options.Value, agent, AgentCardEndpoint.BaseUrl(http.Request), family == A2AFamily.V1)).ConfigureAwait(false);
                return;

            default:
                await WriteResultAsync(http, id, await PushConfigAsync(operation, family, parameters, principal, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
                return;
        }
    }

    private async Task<JsonNode?> PushConfigAsync(string operation, A2AFamily family, JsonElement parameters, MemoryPrincipal principal, CancellationToken cancellationToken)
    {
        if (!push.Enabled)
        {
            throw A2AOperations.PushNotSupported();
        }

        // v1.0 names the task 'taskId' and the config 'id'; v0.3 names the task 'id' (except in set) and the config 'pushNotificationConfigId'.
        var taskId = family == A2AFamily.V1 || operation == "push-set"
            ? A2AWire.GetString(parameters, "taskId", "params") ?? throw A2AException.InvalidParams("'params.taskId' is missing: give the id of the task.")
            : A2AOperations.ReadTaskId(parameters);
        var configId = family == A2AFamily.V1 ? A2AWire.GetString(parameters, "id", "params") : A2AWire.GetString(parameters, "pushNotificationConfigId", "params");
        switch (operation)
        {
            case "push-set":
                var config = A2AOperations.ReadPushConfig(parameters, family, push, "params");
                var stored = await tasks.SetPushConfigAsync(principal.Name, taskId, config, cancellationToken).ConfigureAwait(false);
                return A2AOperations.WritePushConfig(taskId, stored, family);
            case "push-get":
                return A2AOperations.WritePushConfig(taskId, await tasks.GetPushConfigAsync(principal.Name, taskId, configId, cancellationToken).ConfigureAwait(false), family);
            case "push-list":
                var configs = await tasks.ListPushConfigsAsync(principal.Name, taskId, cancellationToken).ConfigureAwait(false);
                return family == A2AFamily.V1
                    ? A2AOperations.PagePushConfigs(taskId, configs, parameters, "params")
                    : new JsonArray([.. configs.Select(c => (JsonNode)A2AOperations.WritePushConfig(taskId, c, family))]);
            default:
                await tasks.DeletePushConfigAsync(principal.Name, taskId, configId ?? throw A2AException.InvalidParams("Say which push config to delete: 'params.id' (v1.0) or 'params.pushNotificationConfigId' (v0.3)."), cancellationToken).ConfigureAwait(false);
                return family == A2AFamily.V1 ? new JsonObject() : null;
        }
    }

    private async Task StreamAsync(HttpContext http, JsonNode? id, A2AFamily family, A2ATask snapshot, ChannelReader<A2ATaskEvent> events, CancellationToken cancellationToken)
    {
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await WriteSseAsync(http, Envelope(id, "result", A2AWire.WriteEvent(new A2ATaskEvent.Snapshot(snapshot), family)), cancellationToken).ConfigureAwait(false);
        await foreach (var taskEvent in events.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            await WriteSseAsync(http, Envelope(id, "result", A2AWire.WriteEvent(taskEvent, family)), cancellationToken).ConfigureAwait(false);
        }
    }

    private MemoryPrincipal Resolve(HttpContext http) =>
        http.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? principals.Get(name) : principals.Local;

    private (int Code, string Message) Describe(Exception e, string method)
    {
        switch (e)
        {
            case A2AException a2a:
                return (a2a.Code, a2a.Message);
            case McpMemoryException memory:
                return memory.Code switch
                {
                    McpMemoryErrorCodes.InvalidArgument or McpMemoryErrorCodes.NamespaceDenied or McpMemoryErrorCodes.NotFound => (A2AErrorCodes.InvalidParams, memory.Message),
                    _ => (A2AErrorCodes.InternalError, memory.Message),
                };
            default:
                LogFailed(logger, method, e);
                return (A2AErrorCodes.InternalError, $"{method} failed with an internal error ({e.GetType().Name}); the server log has the details. Retry, and report it if it persists.");
        }
    }

    private static JsonObject Envelope(JsonNode? id, string kind, JsonNode? payload) =>
        new() { ["jsonrpc"] = "2.0", ["id"] = id?.DeepClone(), [kind] = payload };

    private static Task WriteResultAsync(HttpContext http, JsonNode? id, JsonNode? result) => WriteJsonAsync(http, Envelope(id, "result", result));

    private static Task WriteErrorAsync(HttpContext http, JsonNode? id, int code, string message) =>
        WriteJsonAsync(http, Envelope(id, "error", new JsonObject { ["code"] = code, ["message"] = message }));

    private static async Task WriteJsonAsync(HttpContext http, JsonObject body)
    {
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(A2AWire.ToJson(body), http.RequestAborted).ConfigureAwait(false);
    }

    private static async Task WriteSseAsync(HttpContext http, JsonObject body, CancellationToken cancellationToken)
    {
        await http.Response.WriteAsync("data: " + A2AWire.ToJson(body) + "\n\n", cancellationToken).ConfigureAwait(false);
        await http.Response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A2A method {Method} failed")]
    private static partial void LogFailed(ILogger logger, string method, Exception exception);
}
