using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpMemory.A2A.Protocol;

namespace McpMemory.A2A.Client;

public sealed partial class A2AClient
{
    private enum Call
    {
        Send,
        Stream,
        Get,
        Cancel,
    }

    // The operation as requests and errors name it: the JSON-RPC method, or the REST route.
    private static string Operation(A2AAgentCard card, Call call) => (card.Binding, card.Family, call) switch
    {
        (A2ABinding.JsonRpc, A2AFamily.V1, Call.Send) => "SendMessage",
        (A2ABinding.JsonRpc, A2AFamily.V1, Call.Stream) => "SendStreamingMessage",
        (A2ABinding.JsonRpc, A2AFamily.V1, Call.Get) => "GetTask",
        (A2ABinding.JsonRpc, A2AFamily.V1, Call.Cancel) => "CancelTask",
        (A2ABinding.JsonRpc, _, Call.Send) => "message/send",
        (A2ABinding.JsonRpc, _, Call.Stream) => "message/stream",
        (A2ABinding.JsonRpc, _, Call.Get) => "tasks/get",
        (A2ABinding.JsonRpc, _, Call.Cancel) => "tasks/cancel",
        (_, _, Call.Send) => $"POST {RestPrefix(card)}/message:send",
        (_, _, Call.Stream) => $"POST {RestPrefix(card)}/message:stream",
        (_, _, Call.Get) => $"GET {RestPrefix(card)}/tasks/{{id}}",
        _ => $"POST {RestPrefix(card)}/tasks/{{id}}:cancel",
    };

    // v1.0's routes sit right under the interface URL; v0.3's under its /v1.
    private static string RestPrefix(A2AAgentCard card) => card.Family == A2AFamily.V1 ? "" : "/v1";

    private static HttpRequestMessage RestRequest(A2AAgentCard card, Call call, string? taskId, A2AMessage? message)
    {
        var root = card.Endpoint.AbsoluteUri.TrimEnd('/') + RestPrefix(card);
        var task = Uri.EscapeDataString(taskId ?? "");
        var (method, path) = call switch
        {
            Call.Send => (HttpMethod.Post, "/message:send"),
            Call.Stream => (HttpMethod.Post, "/message:stream"),
            Call.Get => (HttpMethod.Get, $"/tasks/{task}"),
            _ => (HttpMethod.Post, $"/tasks/{task}:cancel"),
        };
        var request = new HttpRequestMessage(method, new Uri(root + path));
        if (message is not null)
        {
            var body = card.Family == A2AFamily.V1
                ? new JsonObject { ["message"] = A2AWire.WriteMessage(message, A2AFamily.V1) }
                : new JsonObject { ["message"] = WriteV03RestMessage(message) };
            if (card.Family == A2AFamily.V03 && call == Call.Send)
            {
                // v0.3's proto leaves blocking false unless set; this client waits for the answer.
                body["configuration"] = new JsonObject { ["blocking"] = true };
            }

            request.Content = new StringContent(A2AWire.ToJson(body), Encoding.UTF8, "application/json");
        }
        else if (method == HttpMethod.Post)
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        return request;
    }

    // A REST answer is the object itself: a SendMessageResponse or StreamResponse (task, message, statusUpdate,
    // artifactUpdate), or a task.
    private static JsonElement RestBody(A2AAgentCard card, string body, string peer, string operation)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(body);
        }
        catch (JsonException ex)
        {
            throw new A2AClientException(peer, operation, $"the answer is not JSON ({ex.Message}): {Shorten(body)}", inner: ex);
        }

        if (node is not JsonObject answer)
        {
            throw new A2AClientException(peer, operation, $"the answer is not a JSON object: {Shorten(body)}");
        }

        if (card.Family == A2AFamily.V03)
        {
            FromV03Rest(answer);
        }

        using var document = JsonDocument.Parse(answer.ToJsonString());
        return document.RootElement.Clone();
    }

    // An HTTP error names what the peer said: REST v1.0's {"error": {code, status, message, details: [ErrorInfo]}},
    // v0.3's {"code", "message"}, or a JSON-RPC error; else the status and the body.
    private static A2AClientException HttpError(string peer, string operation, HttpResponseMessage response, Uri? url, string body) =>
        (int)response.StatusCode is >= 300 and < 400
            ? new A2AClientException(peer, operation, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase} from {url}, a redirect{(response.Headers.Location is { } to ? " to " + (to.IsAbsoluteUri ? to : new Uri(url!, to)) : "")}: redirects are not followed (a peer could send this server anywhere); use the URL it points to, if you trust it.")
            : HttpError(peer, operation, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}", url, body);

    // <paramref name="status"/> says how the error came: an HTTP status, or an error event in a stream.
    private static A2AClientException HttpError(string peer, string operation, string status, Uri? url, string body)
    {
        JsonElement root = default;
        try
        {
            root = JsonDocument.Parse(body).RootElement.Clone();
        }
        catch (JsonException)
        {
            // Not JSON: reported as it is below.
        }

        var error = root.ValueKind == JsonValueKind.Object && A2AWire.Get(root, "error") is { ValueKind: JsonValueKind.Object } inner ? inner : root;
        if (error.ValueKind == JsonValueKind.Object && A2AWire.Get(error, "message") is { ValueKind: JsonValueKind.String } said)
        {
            var number = A2AWire.Get(error, "code") is { ValueKind: JsonValueKind.Number } c && c.TryGetInt32(out var n) ? n : (int?)null;
            var reason = A2AWire.Get(error, "details") is { ValueKind: JsonValueKind.Array } details
                ? details.EnumerateArray().Select(d => A2AWire.Get(d, "reason")).FirstOrDefault(r => r is { ValueKind: JsonValueKind.String })?.GetString()
                : null;
            // JSON-RPC codes are negative; a REST body's code is the HTTP status, and its reason names the A2A error.
            var code = number < 0 ? number : CodeOf(reason);
            var named = reason ?? (A2AWire.Get(error, "status") is { ValueKind: JsonValueKind.String } s ? s.GetString() : null);
            var what = named is null ? code is null ? "" : $" error {code}" : code is null ? $" {named}" : $" {named} (error {code})";
            return new A2AClientException(peer, operation, $"the peer answered {status}{what}: {said.GetString()}", code);
        }

        return new A2AClientException(peer, operation, $"{status} from {url}: {Shorten(body)}");
    }

    // The google.rpc.ErrorInfo reasons of A2A errors, back to their JSON-RPC codes.
    private static int? CodeOf(string? reason) => reason switch
    {
        "TASK_NOT_FOUND" => A2AErrorCodes.TaskNotFound,
        "TASK_NOT_CANCELABLE" => A2AErrorCodes.TaskNotCancelable,
        "PUSH_NOTIFICATION_NOT_SUPPORTED" => A2AErrorCodes.PushNotificationNotSupported,
        "UNSUPPORTED_OPERATION" => A2AErrorCodes.UnsupportedOperation,
        "CONTENT_TYPE_NOT_SUPPORTED" => A2AErrorCodes.ContentTypeNotSupported,
        "EXTENDED_AGENT_CARD_NOT_CONFIGURED" => A2AErrorCodes.ExtendedAgentCardNotConfigured,
        "VERSION_NOT_SUPPORTED" => A2AErrorCodes.VersionNotSupported,
        "INVALID_PARAMS" => A2AErrorCodes.InvalidParams,
        "INVALID_REQUEST" => A2AErrorCodes.InvalidRequest,
        "METHOD_NOT_FOUND" => A2AErrorCodes.MethodNotFound,
        "PARSE_ERROR" => A2AErrorCodes.ParseError,
        "INTERNAL_ERROR" => A2AErrorCodes.InternalError,
        _ => null,
    };

    // v0.3's REST binding speaks the ProtoJSON of its proto: a message's parts are 'content', a data part wraps its
    // object ({"data": {"data": {...}}}), a file part is {"file": {"fileWithUri" | "fileWithBytes", "mimeType"}}.
    private static JsonObject WriteV03RestMessage(A2AMessage message)
    {
        var written = A2AWire.WriteMessage(message, A2AFamily.V1);
        var parts = new JsonArray();
        foreach (var part in message.Parts)
        {
            parts.Add(part.Kind switch
            {
                A2APartKind.Text => new JsonObject { ["text"] = part.Text },
                A2APartKind.Data => new JsonObject { ["data"] = new JsonObject { ["data"] = part.Data is { } data ? JsonNode.Parse(data.GetRawText()) : new JsonObject() } },
                _ => new JsonObject
                {
                    ["file"] = new JsonObject
                    {
                        [part.Bytes is not null ? "fileWithBytes" : "fileWithUri"] = part.Bytes ?? part.Url,
                        ["mimeType"] = part.MediaType ?? "",
                    },
                },
            });
        }

        written.Remove("parts");
        written.Remove("referenceTaskIds");
        written["content"] = parts;
        return written;
    }

    // Rewrites v0.3's REST ProtoJSON into the v1.0 shapes the readers take, in place.
    private static void FromV03Rest(JsonObject answer)
    {
        if (answer["msg"] is JsonObject msg)
        {
            answer.Remove("msg");
            answer["message"] = msg;
        }

        if (answer["task"] is JsonObject task)
        {
            V03Task(task);
        }
        else if (answer["statusUpdate"] is JsonObject status)
        {
            V03Status(status["status"] as JsonObject);
        }
        else if (answer["artifactUpdate"] is JsonObject artifact)
        {
            V03Parts(artifact["artifact"] as JsonObject, "parts");
        }
        else if (answer["message"] is JsonObject message)
        {
            V03Parts(message, "content");
        }
        else if (answer.ContainsKey("id") && answer.ContainsKey("status"))
        {
            V03Task(answer);
        }
    }

    private static void V03Task(JsonObject task)
    {
        V03Status(task["status"] as JsonObject);
        foreach (var artifact in (task["artifacts"] as JsonArray ?? []).OfType<JsonObject>())
        {
            V03Parts(artifact, "parts");
        }

        foreach (var message in (task["history"] as JsonArray ?? []).OfType<JsonObject>())
        {
            V03Parts(message, "content");
        }
    }

    private static void V03Status(JsonObject? status)
    {
        if (status is null)
        {
            return;
        }

        if (status["state"] is JsonValue state && state.TryGetValue<string>(out var name) && name == "TASK_STATE_CANCELLED")
        {
            status["state"] = "TASK_STATE_CANCELED";
        }

        if (status["update"] is JsonObject update && status["message"] is null)
        {
            status.Remove("update");
            status["message"] = update;
        }

        V03Parts(status["message"] as JsonObject, "content");
    }

    // Moves a message's 'content' (or an artifact's 'parts') to 'parts' in the v1.0 part shapes.
    private static void V03Parts(JsonObject? holder, string field)
    {
        if (holder?[field] is not JsonArray parts)
        {
            return;
        }

        var rewritten = new JsonArray();
        foreach (var part in parts.OfType<JsonObject>())
        {
            var copy = new JsonObject();
            if (part["text"] is { } text)
            {
                copy["text"] = text.DeepClone();
            }
            else if (part["data"] is JsonObject data)
            {
                copy["data"] = (data["data"] ?? new JsonObject()).DeepClone();
            }
            else if (part["file"] is JsonObject file)
            {
                if (file["fileWithUri"] is { } uri)
                {
                    copy["url"] = uri.DeepClone();
                }
                else
                {
                    copy["raw"] = file["fileWithBytes"]?.DeepClone();
                }

                if (file["mimeType"] is { } mimeType)
                {
                    copy["mediaType"] = mimeType.DeepClone();
                }
            }
            else
            {
                continue;
            }

            rewritten.Add(copy);
        }

        holder.Remove(field);
        holder["parts"] = rewritten;
    }
}
