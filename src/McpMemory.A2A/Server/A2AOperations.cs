using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpMemory.A2A.Protocol;
using McpMemory.A2A.Tasks;
using McpMemory.Core.Identity;

namespace McpMemory.A2A.Server;

/// <summary>The request parsing and queries that the JSON-RPC and REST bindings share (their parameters are the same JSON).</summary>
internal static class A2AOperations
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 100;

    public static async Task<JsonObject> ListAsync(TaskManager tasks, JsonElement parameters, MemoryPrincipal principal, CancellationToken cancellationToken)
    {
        const string path = "params";
        var contextId = A2AWire.GetString(parameters, "contextId", path);
        var state = A2AWire.ReadState(parameters, "status", path);
        var pageSize = A2AWire.GetInt(parameters, "pageSize", path) ?? DefaultPageSize;
        if (pageSize is < 1 or > MaxPageSize)
        {
            throw A2AException.InvalidParams($"'params.pageSize' is {pageSize}; it must be between 1 and {MaxPageSize}.");
        }

        (long Ticks, string Id)? resumeAfter = null;
        if (A2AWire.GetString(parameters, "pageToken", path) is { Length: > 0 } token && (resumeAfter = ReadPageToken(token)) is null)
        {
            throw A2AException.InvalidParams($"'params.pageToken' '{token}' is not a page token of this server: pass the nextPageToken of the previous ListTasks answer, or leave it out for the first page.");
        }

        DateTimeOffset? after = null;
        if (A2AWire.GetString(parameters, "statusTimestampAfter", path) is { Length: > 0 } timestamp)
        {
            after = DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
                ? parsed
                : throw A2AException.InvalidParams($"'params.statusTimestampAfter' '{timestamp}' is not an ISO 8601 time such as 2026-01-31T12:00:00Z.");
        }

        var historyLength = ReadHistoryLength(parameters);
        var includeArtifacts = A2AWire.GetBool(parameters, "includeArtifacts", path) ?? false;
        var matching = (await tasks.ListAsync(principal.Name, cancellationToken).ConfigureAwait(false))
            .Where(t => contextId is null || t.ContextId == contextId)
            .Where(t => state is null || t.Status.State == state)
            .Where(t => after is null || t.Status.Timestamp >= after)
            .ToList();
        // The list is newest first (status time, then id, both descending); a page token names the last task shown, so
        // the next page starts right after it even when newer tasks arrived in between.
        var rest = resumeAfter is { } last ? matching.SkipWhile(t => !IsAfter(t, last)).ToList() : matching;
        var page = rest.Take(pageSize).ToList();
        var next = page.Count < rest.Count ? WritePageToken(page[^1]) : "";
        return new JsonObject
        {
            ["tasks"] = new JsonArray([.. page.Select(t => (JsonNode)A2AWire.WriteTask(t, A2AFamily.V1, historyLength, includeArtifacts))]),
            ["nextPageToken"] = next,
            ["pageSize"] = pageSize,
            ["totalSize"] = matching.Count,
        };
    }

    /// <summary>
    /// One page of a task's push configs, in the order they were added, as the v1.0 list answer. <paramref name="parameters"/>
    /// may hold <c>pageSize</c> (1-100, all by default) and <c>pageToken</c> (the id of the last config of the page before).
    /// </summary>
    public static JsonObject PagePushConfigs(string taskId, IReadOnlyList<A2APushConfig> configs, JsonElement parameters, string path)
    {
        var pageSize = A2AWire.GetInt(parameters, "pageSize", path) is { } given and not 0 ? given : MaxPageSize;
        if (pageSize is < 1 or > MaxPageSize)
        {
            throw A2AException.InvalidParams($"'{path}.pageSize' is {pageSize}; it must be between 1 and {MaxPageSize}.");
        }

        var start = 0;
        if (A2AWire.GetString(parameters, "pageToken", path) is { Length: > 0 } token)
        {
            var last = configs.Select(c => c.Id).ToList().IndexOf(token);
            start = last >= 0
                ? last + 1
                : throw A2AException.InvalidParams($"'{path}.pageToken' '{token}' is not a push config of task '{taskId}' (it may have been deleted): pass the nextPageToken of the previous answer, or leave it out for the first page.");
        }

        var page = configs.Skip(start).Take(pageSize).ToList();
        return new JsonObject
        {
            ["configs"] = new JsonArray([.. page.Select(c => (JsonNode)WritePushConfig(taskId, c, A2AFamily.V1))]),
            ["nextPageToken"] = start + page.Count < configs.Count ? page[^1].Id : "",
        };
    }

    public static (A2AMessage Message, bool ReturnImmediately, int? HistoryLength, A2APushConfig? Push) ReadSend(JsonElement parameters, A2AFamily family, PushNotifier push)
    {
        var message = A2AWire.Get(parameters, "message") ?? throw A2AException.InvalidParams("'params.message' is missing: send {\"message\": {\"messageId\": \"...\", \"role\": \"ROLE_USER\", \"parts\": [{\"text\": \"...\"}]}}.");
        var read = A2AWire.ReadMessage(message, "params.message");
        if (read.Role != A2AMessage.UserRole)
        {
            throw A2AException.InvalidParams("'params.message.role' must be the user's (ROLE_USER or user): this agent answers messages from clients.");
        }

        var configuration = A2AWire.Get(parameters, "configuration") ?? EmptyObject;
        var pushElement = A2AWire.Get(configuration, "taskPushNotificationConfig") ?? A2AWire.Get(configuration, "pushNotificationConfig");
        var pushConfig = pushElement is { } given ? ReadPushConfig(given, family, push, "params.configuration.pushNotificationConfig") : null;

        var returnImmediately = family == A2AFamily.V1
            ? A2AWire.GetBool(configuration, "returnImmediately", "params.configuration") ?? false
            : !(A2AWire.GetBool(configuration, "blocking", "params.configuration") ?? true);
        return (read, returnImmediately, ReadHistoryLength(configuration), pushConfig);
    }

    /// <summary>Reads a push config of either family (v1.0 flat, v0.3 under <c>pushNotificationConfig</c>) and checks its URL.</summary>
    public static A2APushConfig ReadPushConfig(JsonElement element, A2AFamily family, PushNotifier push, string path)
    {
        var inner = A2AWire.Get(element, "pushNotificationConfig") ?? element;
        var url = A2AWire.GetString(inner, "url", path) ?? throw A2AException.InvalidParams($"'{path}.url' is missing: give the webhook URL to call with the task's updates.");
        push.CheckUrl(url, path);
        string? scheme = null;
        string? credentials = null;
        if (A2AWire.Get(inner, "authentication") is { } authentication)
        {
            scheme = A2AWire.GetString(authentication, "scheme", path + ".authentication")
                ?? (A2AWire.Get(authentication, "schemes") is { ValueKind: JsonValueKind.Array } schemes && schemes.GetArrayLength() > 0 ? schemes[0].GetString() : null);
            credentials = A2AWire.GetString(authentication, "credentials", path + ".authentication");
        }

        return new A2APushConfig
        {
            Id = A2AWire.Id(inner, "id", path) ?? "",
            Url = url,
            Token = A2AWire.GetString(inner, "token", path),
            Scheme = scheme,
            Credentials = credentials,
            Family = family,
        };
    }

    /// <summary>A push config as <paramref name="family"/> writes it (v1.0: <c>TaskPushNotificationConfig</c>, flat; v0.3: nested).</summary>
    public static JsonObject WritePushConfig(string taskId, A2APushConfig config, A2AFamily family)
    {
        var written = new JsonObject();
        if (family == A2AFamily.V1)
        {
            written["taskId"] = taskId;
        }

        written["id"] = config.Id;
        written["url"] = config.Url;
        if (config.Token is not null)
        {
            written["token"] = config.Token;
        }

        if (config.Scheme is not null)
        {
            written["authentication"] = family == A2AFamily.V1
                ? new JsonObject { ["scheme"] = config.Scheme, ["credentials"] = config.Credentials }
                : new JsonObject { ["schemes"] = new JsonArray(config.Scheme), ["credentials"] = config.Credentials };
        }

        return family == A2AFamily.V1 ? written : new JsonObject { ["taskId"] = taskId, ["pushNotificationConfig"] = written };
    }

    public static string ReadTaskId(JsonElement parameters)
    {
        var id = A2AWire.GetString(parameters, "id", "params");
        if (string.IsNullOrEmpty(id) && A2AWire.GetString(parameters, "name", "params") is { } name && name.StartsWith("tasks/", StringComparison.Ordinal))
        {
            id = name["tasks/".Length..];
        }

        return string.IsNullOrEmpty(id) ? throw A2AException.InvalidParams("'params.id' is missing: give the id of the task.") : id;
    }

    public static int? ReadHistoryLength(JsonElement parameters)
    {
        var length = A2AWire.GetInt(parameters, "historyLength", "params");
        return length is < 0 ? throw A2AException.InvalidParams($"'historyLength' is {length}; it must be 0 or more.") : length;
    }

    /// <summary>Caps the request body at <paramref name="maxBytes"/>: reading more throws a 413 <see cref="Microsoft.AspNetCore.Http.BadHttpRequestException"/>.</summary>
    public static void LimitBody(Microsoft.AspNetCore.Http.HttpContext http, long maxBytes)
    {
        if (http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes;
        }
    }

    /// <summary>The error for a body over <paramref name="maxBytes"/>.</summary>
    public static string TooLarge(long maxBytes) =>
        $"The request body is larger than {maxBytes} bytes, the most this server takes (McpMemory:A2A:MaxRequestBytes): send less per message, such as an ingest in several parts.";

    public static A2AException PushNotSupported() =>
        new(A2AErrorCodes.PushNotificationNotSupported, "Push notifications are off on this server (its card says capabilities.pushNotifications: false; the operator turns them on by listing allowed webhook URL prefixes in McpMemory:A2A:PushAllowedUrls): stream with SendStreamingMessage (message/stream) or poll with GetTask (tasks/get) instead.");

    // True when task comes after the key (ticks, id) in the list's order: older, or as old with a smaller id.
    private static bool IsAfter(A2ATask task, (long Ticks, string Id) key)
    {
        var ticks = task.Status.Timestamp.UtcTicks;
        return ticks < key.Ticks || (ticks == key.Ticks && string.CompareOrdinal(task.Id, key.Id) < 0);
    }

    private static string WritePageToken(A2ATask last) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"after:{last.Status.Timestamp.UtcTicks.ToString(CultureInfo.InvariantCulture)}:{last.Id}"));

    private static (long Ticks, string Id)? ReadPageToken(string token)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(token)).Split(':');
            return parts.Length == 3 && parts[0] == "after" && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && parts[2].Length > 0
                ? (ticks, parts[2])
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    internal static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();
}
