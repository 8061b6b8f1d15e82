using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpMemory.A2A.Protocol;

namespace McpMemory.A2A.Client;

/// <summary>
/// Calls other A2A agents over JSON-RPC, or over HTTP+JSON (REST) when their card offers no JSON-RPC: reads their
/// agent card (v1.0 or v0.3 shape), sends messages (waiting for the answer or streaming it as server-sent events),
/// continues a task that asked for input, gets and cancels tasks. The method names, routes and shapes follow the
/// binding and family the card offers (<c>SendMessage</c> for v1.0 JSON-RPC, <c>message/send</c> for v0.3,
/// <c>POST /message:send</c> for v1.0 REST, <c>POST /v1/message:send</c> for v0.3 REST). Peer URLs are data: only
/// absolute http and https URLs are accepted, and nothing a peer sends is run.
/// </summary>
public sealed partial class A2AClient(HttpClient http)
{
    /// <summary>The path of the agent card under an agent's origin.</summary>
    public const string WellKnownCardPath = "/.well-known/agent-card.json";

    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(100);
    private int _nextId;

    /// <summary>
    /// Checks that <paramref name="url"/> is an absolute http or https URL and returns it; a base URL without a path
    /// gets the well-known card path. Anything else is refused with an error that says what to give.
    /// </summary>
    public static Uri CheckCardUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri))
        {
            throw new ArgumentException($"'{url}' is not an absolute URL: give the agent card's URL, such as http://127.0.0.1:9000/.well-known/agent-card.json, or the agent's base URL.", nameof(url));
        }

        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException($"'{url}' uses the scheme '{uri.Scheme}': only http and https agent URLs are accepted.", nameof(url));
        }

        return uri.AbsolutePath is "" or "/" ? new Uri(uri, WellKnownCardPath) : uri;
    }

    /// <summary>Fetches and reads the agent card at <paramref name="cardUrl"/> (or under a base URL).</summary>
    public async Task<A2AAgentCard> GetAgentCardAsync(string cardUrl, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var url = CheckCardUrl(cardUrl);
        var peer = url.GetLeftPart(UriPartial.Authority);
        const string operation = "fetch agent card";
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Add("A2A-Version", "1.0");
        var body = await SendAsync(request, peer, operation, timeout, cancellationToken).ConfigureAwait(false);
        JsonElement card;
        try
        {
            card = JsonDocument.Parse(body).RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new A2AClientException(peer, operation, $"{url} did not return JSON ({ex.Message}); check that it is an A2A agent card URL.", inner: ex);
        }

        return ReadCard(card, url);
    }

    /// <summary>Sends <paramref name="message"/> and waits for the peer's answer: its task (in any state it reports) or a message.</summary>
    /// <remarks>
    /// A message with a <see cref="A2AMessage.TaskId"/> continues that task (the answer to a peer that asked for
    /// input); the answer may again be <c>input-required</c>, which ends this call like any other state.
    /// </remarks>
    public async Task<A2APeerEvent> SendMessageAsync(A2AAgentCard card, A2AMessage message, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(message);
        // Both families wait for the task to finish or to ask for input by default (v1.0: returnImmediately false;
        // v0.3: blocking true).
        var operation = Operation(card, Call.Send);
        var result = await CallAsync(card, Call.Send, null, message, timeout, cancellationToken).ConfigureAwait(false);
        return ReadEvent(result, card, operation);
    }

    /// <summary>
    /// Sends <paramref name="message"/> and yields the peer's events as it streams them, until a final one (a terminal
    /// state, <c>input-required</c>, <c>auth-required</c>, or a message) or the end of the stream.
    /// </summary>
    /// <remarks>
    /// A message that continues a task may get that task's snapshot first, still in the state that asked for input;
    /// that first snapshot does not end the stream.
    /// </remarks>
    public async IAsyncEnumerable<A2APeerEvent> StreamMessageAsync(A2AAgentCard card, A2AMessage message, TimeSpan? timeout = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(message);
        var operation = Operation(card, Call.Stream);
        var peer = Describe(card);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var limit = timeout ?? DefaultTimeout;
        deadline.CancelAfter(limit);
        using var request = Request(card, Call.Stream, null, message, "text/event-stream");
        using var activity = Diagnostics.ActivitySource.StartActivity("a2a.client " + operation, System.Diagnostics.ActivityKind.Client);
        activity?.SetTag("a2a.peer", peer);
        Diagnostics.CountCall(operation, "started");
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (Failure(ex, peer, operation, limit, cancellationToken) is { } failure)
        {
            throw failure;
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var text = await ReadTextAsync(response, peer, operation, limit, deadline.Token, cancellationToken).ConfigureAwait(false);
                throw HttpError(peer, operation, response, request.RequestUri, text);
            }

            if (response.Content.Headers.ContentType?.MediaType != "text/event-stream")
            {
                // An agent that does not stream may answer with one response.
                var text = await ReadTextAsync(response, peer, operation, limit, deadline.Token, cancellationToken).ConfigureAwait(false);
                yield return ReadEvent(Payload(card, text, peer, operation), card, operation);
                yield break;
            }

            using var reader = new StreamReader(new LimitedReadStream(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), MaxStreamBytes), Encoding.UTF8);
            var data = new StringBuilder();
            string? eventType = null;
            var first = true;
            while (true)
            {
                string? line;
                try
                {
                    line = await reader.ReadLineAsync(deadline.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (Failure(ex, peer, operation, limit, cancellationToken) is { } failure)
                {
                    throw failure;
                }

                if (line is null || line.Length == 0)
                {
                    if (data.Length > 0)
                    {
                        if (eventType == "error")
                        {
                            // The REST binding reports a failure mid-stream as an 'error' event carrying the error body.
                            throw HttpError(peer, operation, "an error event in its stream", request.RequestUri, data.ToString());
                        }

                        var update = ReadEvent(Payload(card, data.ToString(), peer, operation), card, operation);
                        data.Clear();
                        yield return update;
                        var snapshotOfContinuedTask = first && message.TaskId is not null && update.Task is not null && !update.Task.Status.State.IsTerminal();
                        first = false;
                        if (update.IsFinal && !snapshotOfContinuedTask)
                        {
                            yield break;
                        }
                    }

                    eventType = null;
                    if (line is null)
                    {
                        yield break;
                    }

                    continue;
                }

                if (line.StartsWith("data:", StringComparison.Ordinal))
                {
                    data.Append(data.Length > 0 ? "\n" : "").Append(line.AsSpan(5).TrimStart(' '));
                }
                else if (line.StartsWith("event:", StringComparison.Ordinal))
                {
                    eventType = line[6..].Trim();
                }
            }
        }
    }

    /// <summary>Gets task <paramref name="taskId"/> from the peer.</summary>
    public async Task<A2ATask> GetTaskAsync(A2AAgentCard card, string taskId, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(card);
        var result = await CallAsync(card, Call.Get, taskId, null, timeout, cancellationToken).ConfigureAwait(false);
        return ReadTask(result, card, Operation(card, Call.Get));
    }

    /// <summary>Asks the peer to cancel task <paramref name="taskId"/> and returns the task as it then stands.</summary>
    public async Task<A2ATask> CancelTaskAsync(A2AAgentCard card, string taskId, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(card);
        var result = await CallAsync(card, Call.Cancel, taskId, null, timeout, cancellationToken).ConfigureAwait(false);
        return ReadTask(result, card, Operation(card, Call.Cancel));
    }

    /// <summary>The peer as errors name it: its name and endpoint.</summary>
    public static string Describe(A2AAgentCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        return $"'{card.Name}' ({card.Endpoint})";
    }

    private async Task<JsonElement> CallAsync(A2AAgentCard card, Call call, string? taskId, A2AMessage? message, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var peer = Describe(card);
        var operation = Operation(card, call);
        using var request = Request(card, call, taskId, message, "application/json");
        var body = await SendAsync(request, peer, operation, timeout, cancellationToken).ConfigureAwait(false);
        return Payload(card, body, peer, operation);
    }

    private async Task<string> SendAsync(HttpRequestMessage request, string peer, string operation, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var limit = timeout ?? DefaultTimeout;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limit);
        using var activity = Diagnostics.ActivitySource.StartActivity("a2a.client " + operation, System.Diagnostics.ActivityKind.Client);
        activity?.SetTag("a2a.peer", peer);
        activity?.SetTag("url.full", request.RequestUri?.ToString());
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            var body = await LimitedReadStream.ReadTextAsync(response.Content, MaxAnswerBytes, deadline.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw HttpError(peer, operation, response, request.RequestUri, body);
            }

            Diagnostics.CountCall(operation, "ok");
            return body;
        }
        catch (Exception ex) when (Failure(ex, peer, operation, limit, cancellationToken) is { } failure)
        {
            Diagnostics.CountCall(operation, ex is OperationCanceledException ? "timeout" : "error");
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, failure.Detail);
            throw failure;
        }
        catch (A2AClientException ex)
        {
            Diagnostics.CountCall(operation, "error");
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.Detail);
            throw;
        }
    }

    // A whole answer (a card, a task, an error body) and a whole stream of events are read up to these caps.
    private const long MaxAnswerBytes = 16L * 1024 * 1024;
    private const long MaxStreamBytes = 64L * 1024 * 1024;

    private static async Task<string> ReadTextAsync(HttpResponseMessage response, string peer, string operation, TimeSpan limit, CancellationToken deadline, CancellationToken cancellationToken)
    {
        try
        {
            return await LimitedReadStream.ReadTextAsync(response.Content, MaxAnswerBytes, deadline).ConfigureAwait(false);
        }
        catch (Exception ex) when (Failure(ex, peer, operation, limit, cancellationToken) is { } failure)
        {
            throw failure;
        }
    }

    // Turns a timeout or a network error into an error naming the peer; the caller's own cancellation passes through.
    private static A2AClientException? Failure(Exception ex, string peer, string operation, TimeSpan limit, CancellationToken cancellationToken) => ex switch
    {
        OperationCanceledException when !cancellationToken.IsCancellationRequested =>
            new A2AClientException(peer, operation, $"no answer within {limit.TotalSeconds:0.###} s; give it more time (a longer timeout) or check that the peer is running.", inner: ex),
        HttpRequestException http =>
            new A2AClientException(peer, operation, $"could not reach it ({http.Message}); check that the peer is running and its URL is right.", inner: ex),
        AnswerTooLargeException big =>
            new A2AClientException(peer, operation, $"{big.Message}; this is not an A2A answer this client takes.", inner: ex),
        IOException io =>
            new A2AClientException(peer, operation, $"the connection broke while it answered ({io.Message}); check that the peer is still running.", inner: ex),
        _ => null,
    };

    // One call over the card's binding: a JSON-RPC envelope posted to the endpoint, or a REST route under it.
    private HttpRequestMessage Request(A2AAgentCard card, Call call, string? taskId, A2AMessage? message, string accept)
    {
        HttpRequestMessage request;
        if (card.Binding == A2ABinding.JsonRpc)
        {
            var parameters = message is not null
                ? new JsonObject { ["message"] = A2AWire.WriteMessage(message, card.Family) }
                : new JsonObject { ["id"] = taskId };
            var envelope = new JsonObject
            {
                ["jsonrpc"] = "2.0",
                ["id"] = Interlocked.Increment(ref _nextId),
                ["method"] = Operation(card, call),
                ["params"] = parameters,
            };
            request = new HttpRequestMessage(HttpMethod.Post, card.Endpoint)
            {
                Content = new StringContent(A2AWire.ToJson(envelope), Encoding.UTF8, "application/json"),
            };
        }
        else
        {
            request = RestRequest(card, call, taskId, message);
        }

        if (card.BearerToken is { Length: > 0 } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        request.Headers.Accept.ParseAdd(accept);
        if (card.Family == A2AFamily.V1)
        {
            request.Headers.Add("A2A-Version", "1.0");
        }

        return request;
    }

    // What a call answered, as the JSON the readers take: a JSON-RPC result, or a REST body (v0.3's ProtoJSON in the
    // v1.0 shapes).
    private static JsonElement Payload(A2AAgentCard card, string body, string peer, string operation) =>
        card.Binding == A2ABinding.JsonRpc ? Result(body, peer, operation) : RestBody(card, body, peer, operation);

    private static JsonElement Result(string body, string peer, string method)
    {
        JsonElement envelope;
        try
        {
            envelope = JsonDocument.Parse(body).RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new A2AClientException(peer, method, $"the answer is not JSON ({ex.Message}): {Shorten(body)}", inner: ex);
        }

        if (envelope.ValueKind == JsonValueKind.Object && envelope.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
        {
            var code = error.TryGetProperty("code", out var c) && c.TryGetInt32(out var n) ? n : (int?)null;
            var text = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : error.GetRawText();
            throw new A2AClientException(peer, method, $"the peer answered error {code}: {text}", code);
        }

        if (envelope.ValueKind != JsonValueKind.Object || !envelope.TryGetProperty("result", out var result))
        {
            throw new A2AClientException(peer, method, $"the answer is not a JSON-RPC response with 'result' or 'error': {Shorten(body)}");
        }

        return result;
    }

    private static A2ATask ReadTask(JsonElement result, A2AAgentCard card, string method)
    {
        try
        {
            // v1.0 answers a task as itself; tolerate a {"task": ...} wrapper too.
            var task = result.ValueKind == JsonValueKind.Object && A2AWire.Get(result, "task") is { ValueKind: JsonValueKind.Object } inner ? inner : result;
            return A2AWire.ReadTask(task, "result");
        }
        catch (A2AException ex)
        {
            throw new A2AClientException(Describe(card), method, $"the answer is not an A2A task: {ex.Message}", inner: ex);
        }
    }

    private static A2APeerEvent ReadEvent(JsonElement result, A2AAgentCard card, string method)
    {
        try
        {
            return ReadEventCore(result);
        }
        catch (A2AException ex)
        {
            throw new A2AClientException(Describe(card), method, $"the answer is not an A2A task, message or update: {ex.Message}", inner: ex);
        }
    }

    private static A2APeerEvent ReadEventCore(JsonElement result)
    {
        if (result.ValueKind != JsonValueKind.Object)
        {
            throw new A2AException(A2AErrorCodes.InvalidParams, $"'result' is {A2AWire.Describe(result)}.");
        }

        // v1.0: a StreamResponse / SendMessageResponse names its case.
        if (A2AWire.Get(result, "task") is { ValueKind: JsonValueKind.Object } task)
        {
            var read = A2AWire.ReadTask(task, "result.task");
            return new A2APeerEvent { Task = read, TaskId = read.Id };
        }

        if (A2AWire.Get(result, "message") is { ValueKind: JsonValueKind.Object } message && A2AWire.Get(result, "parts") is null)
        {
            var read = A2AWire.ReadMessage(message, "result.message");
            return new A2APeerEvent { Message = read, TaskId = read.TaskId };
        }

        if (A2AWire.Get(result, "statusUpdate") is { ValueKind: JsonValueKind.Object } status)
        {
            return StatusEvent(status, "result.statusUpdate");
        }

        if (A2AWire.Get(result, "artifactUpdate") is { ValueKind: JsonValueKind.Object } artifact)
        {
            return ArtifactEvent(artifact, "result.artifactUpdate");
        }

        // v0.3: the object itself, tagged with its kind.
        return A2AWire.GetString(result, "kind", "result") switch
        {
            "task" => TaskEvent(A2AWire.ReadTask(result, "result")),
            "message" => MessageEvent(A2AWire.ReadMessage(result, "result")),
            "status-update" => StatusEvent(result, "result"),
            "artifact-update" => ArtifactEvent(result, "result"),
            null when A2AWire.Get(result, "status") is not null && A2AWire.Get(result, "id") is not null => TaskEvent(A2AWire.ReadTask(result, "result")),
            var kind => throw new A2AException(A2AErrorCodes.InvalidParams, $"'result' has kind '{kind}', which is none of task, message, status-update, artifact-update."),
        };
    }

    private static A2APeerEvent TaskEvent(A2ATask task) => new() { Task = task, TaskId = task.Id };

    private static A2APeerEvent MessageEvent(A2AMessage message) => new() { Message = message, TaskId = message.TaskId };

    private static A2APeerEvent StatusEvent(JsonElement update, string path) => new()
    {
        TaskId = A2AWire.GetString(update, "taskId", path),
        Status = A2AWire.ReadStatus(A2AWire.Get(update, "status") ?? throw new A2AException(A2AErrorCodes.InvalidParams, $"'{path}' has no 'status'."), path + ".status"),
    };

    private static A2APeerEvent ArtifactEvent(JsonElement update, string path) => new()
    {
        TaskId = A2AWire.GetString(update, "taskId", path),
        Artifact = A2AWire.ReadArtifact(A2AWire.Get(update, "artifact") ?? throw new A2AException(A2AErrorCodes.InvalidParams, $"'{path}' has no 'artifact'."), path + ".artifact"),
    };

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "...";
}
