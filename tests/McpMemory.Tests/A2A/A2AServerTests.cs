using System.Net;
using System.Text.Json;
using McpMemory.Tests.Support;

namespace McpMemory.Tests.A2A;

/// <summary>A2A over JSON-RPC against a real <c>mcp-memory serve --http</c> process, in both protocol families.</summary>
public sealed class A2AServerTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string V1Text(string text) =>
        $$$"""{"message":{"messageId":"{{{Guid.NewGuid():N}}}","role":"ROLE_USER","parts":[{"text":{{{JsonSerializer.Serialize(text)}}}}]}}""";

    private static string V1Data(string dataJson, string configuration = "{}") =>
        $$"""{"message":{"messageId":"{{Guid.NewGuid():N}}","role":"ROLE_USER","parts":[{"data":{{dataJson}}}]},"configuration":{{configuration}}}""";

    private static string Texts(int count, string word) =>
        JsonSerializer.Serialize(Enumerable.Range(0, count).Select(i => $"{word} record {i} about the harbour").ToArray());

    [Fact]
    public async Task AgentCard_WellKnown_ServesEachFamilyWithEtagCacheControlAnd304()
    {
        await using var server = await HttpServer.StartAsync(_temp.Path, cancellationToken: TestTimeouts.Token());
        using var http = new HttpClient { BaseAddress = server.BaseUri };

        using var v03 = await http.GetAsync("/.well-known/agent-card.json", TestTimeouts.Token());
        var v03Card = JsonDocument.Parse(await v03.Content.ReadAsStringAsync(TestTimeouts.Token())).RootElement;
        using var v1Request = new HttpRequestMessage(HttpMethod.Get, "/.well-known/agent-card.json");
        v1Request.Headers.Add("A2A-Version", "1.0");
        using var v1 = await http.SendAsync(v1Request, TestTimeouts.Token());
        var v1Card = JsonDocument.Parse(await v1.Content.ReadAsStringAsync(TestTimeouts.Token())).RootElement;
        using var again = new HttpRequestMessage(HttpMethod.Get, "/.well-known/agent-card.json");
        again.Headers.TryAddWithoutValidation("If-None-Match", v03.Headers.ETag!.Tag);
        using var notModified = await http.SendAsync(again, TestTimeouts.Token());
        using var headRequest = new HttpRequestMessage(HttpMethod.Head, "/.well-known/agent-card.json");
        using var head = await http.SendAsync(headRequest, TestTimeouts.Token());

        Assert.Equal(HttpStatusCode.OK, v03.StatusCode);
        Assert.Equal("public, max-age=300", v03.Headers.CacheControl!.ToString());
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal((HttpStatusCode.OK, v03.Headers.ETag, v03.Content.Headers.ContentLength), (head.StatusCode, head.Headers.ETag, head.Content.Headers.ContentLength));
        Assert.Empty(await head.Content.ReadAsByteArrayAsync(TestTimeouts.Token()));
        Assert.NotEqual(v03.Headers.ETag, v1.Headers.ETag);
        var endpoint = new Uri(server.BaseUri, "/a2a").ToString();
        Assert.Equal("0.3.0", v03Card.GetProperty("protocolVersion").GetString());
        Assert.Equal(endpoint, v03Card.GetProperty("url").GetString());
        Assert.Equal("JSONRPC", v03Card.GetProperty("preferredTransport").GetString());
        Assert.False(v1Card.TryGetProperty("url", out _));
        Assert.Equal([$"JSONRPC 1.0 {endpoint}", $"JSONRPC 0.3 {endpoint}", $"HTTP+JSON 1.0 {endpoint}/rest"], v1Card.GetProperty("supportedInterfaces").EnumerateArray().Select(i => $"{i.GetProperty("protocolBinding").GetString()} {i.GetProperty("protocolVersion").GetString()} {i.GetProperty("url").GetString()}"));
        Assert.Equal(["JSONRPC"], v03Card.GetProperty("additionalInterfaces").EnumerateArray().Select(i => i.GetProperty("transport").GetString()));
        Assert.Equal(["recall", "remember", "ingest", "documents", "knowledge", "stats"], v1Card.GetProperty("skills").EnumerateArray().Select(s => s.GetProperty("id").GetString()));
        Assert.False(v1Card.TryGetProperty("securitySchemes", out _));
    }

    [Fact]
    public async Task DocumentsAndKnowledgeSkills_SearchWhatMcpClientsStored_CitingPassagesAndEntities()
    {
        await using var server = await HttpServer.StartAsync(_temp.Path, cancellationToken: TestTimeouts.Token());
        await using (var mcp = await server.ConnectAsync(cancellationToken: TestTimeouts.Token()))
        {
            await mcp.CallAsync("document_add", new() { ["text"] = "# Runbook\n\n## Keys\n\nRotate the signing keys every ninety days with the vault CLI.", ["title"] = "Ops runbook" }, TestTimeouts.Token());
            await mcp.CallAsync("create_entities", new() { ["entities"] = new[] { new Dictionary<string, object?> { ["name"] = "Ingrid", ["entityType"] = "person", ["observations"] = new[] { "Leads the data platform team." } } } }, TestTimeouts.Token());
        }

        using var a2a = new A2AHttp(server.BaseUri);
        var documents = await a2a.ResultAsync("SendMessage", V1Data("""{"skill":"documents","query":"how often are signing keys rotated","waitForEmbeddings":true}"""), TestTimeouts.Token(), "1.0");
        var knowledge = await a2a.ResultAsync("SendMessage", V1Data("""{"skill":"knowledge","query":"who leads the data platform","waitForEmbeddings":true}"""), TestTimeouts.Token(), "1.0");
        var empty = await a2a.ResultAsync("SendMessage", V1Data("""{"skill":"knowledge"}"""), TestTimeouts.Token(), "1.0");

        var passage = documents.GetProperty("task").GetProperty("artifacts")[0].GetProperty("parts")[1].GetProperty("data").GetProperty("hits")[0];
        Assert.Equal("Ops runbook", passage.GetProperty("title").GetString());
        Assert.Contains("ninety days", passage.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("Ops runbook > Runbook > Keys", documents.GetProperty("task").GetProperty("artifacts")[0].GetProperty("parts")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        var entity = knowledge.GetProperty("task").GetProperty("artifacts")[0].GetProperty("parts")[1].GetProperty("data").GetProperty("hits")[0];
        Assert.Equal(("Ingrid", "person"), (entity.GetProperty("name").GetString(), entity.GetProperty("entityType").GetString()));
        Assert.Equal("TASK_STATE_INPUT_REQUIRED", empty.GetProperty("task").GetProperty("status").GetProperty("state").GetString());
        Assert.Contains("Which entities should I look for", empty.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendMessage_V1RememberThenPlainTextRecall_ReturnsTopHitsAsTextAndData()
    {
        await using var server = await HttpServer.StartAsync(_temp.Path, cancellationToken: TestTimeouts.Token());
        using var a2a = new A2AHttp(server.BaseUri);

        var remembered = await a2a.ResultAsync("SendMessage", V1Data("""{"skill":"remember","episodes":[{"text":"The ferry to Tresco leaves at 09:40","speaker":"alice"},{"text":"Bob prefers the afternoon boat"}]}"""), TestTimeouts.Token(), "1.0");
        var recalled = await a2a.ResultAsync("SendMessage", V1Text("When does the Tresco ferry leave?"), TestTimeouts.Token(), "1.0");

        var rememberTask = remembered.GetProperty("task");
        Assert.Equal("TASK_STATE_COMPLETED", rememberTask.GetProperty("status").GetProperty("state").GetString());
        var stored = rememberTask.GetProperty("artifacts")[0].GetProperty("parts")[1].GetProperty("data").GetProperty("episodes");
        Assert.Equal(2, stored.GetArrayLength());
        var task = recalled.GetProperty("task");
        Assert.Equal("TASK_STATE_COMPLETED", task.GetProperty("status").GetProperty("state").GetString());
        Assert.Equal("ROLE_AGENT", task.GetProperty("status").GetProperty("message").GetProperty("role").GetString());
        var parts = task.GetProperty("artifacts")[0].GetProperty("parts");
        Assert.Contains("alice: The ferry to Tresco leaves at 09:40", parts[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        var hits = parts[1].GetProperty("data").GetProperty("hits");
        Assert.Equal(stored[0].GetProperty("id").GetString(), hits[0].GetProperty("id").GetString());
        Assert.Equal("alice", hits[0].GetProperty("speaker").GetString());
        Assert.Equal(["ROLE_USER", "ROLE_AGENT"], task.GetProperty("history").EnumerateArray().Select(m => m.GetProperty("role").GetString()));
    }

    [Fact]
    public async Task MessageSend_V03WithSnakeCaseFields_AnswersInV03ShapeAndTasksGetFindsIt()
    {
        await using var server = await HttpServer.StartAsync(_temp.Path, cancellationToken: TestTimeouts.Token());
        using var a2a = new A2AHttp(server.BaseUri);

        var stored = await a2a.ResultAsync("message/send", """{"message":{"kind":"message","message_id":"m-1","context_id":"ctx-9","role":"user","parts":[{"kind":"data","data":{"skill":"remember"}},{"kind":"text","text":"The lighthouse keeper is called Morwenna"}]},"configuration":{"blocking":true}}""", TestTimeouts.Token());
        var found = await a2a.ResultAsync("message/send", """{"message":{"kind":"message","messageId":"m-2","role":"user","parts":[{"kind":"text","text":"lighthouse keeper"}]}}""", TestTimeouts.Token(), "0.3");
        var got = await a2a.ResultAsync("tasks/get", $$"""{"id":"{{found.GetProperty("id").GetString()}}","history_length":1}""", TestTimeouts.Token());

        Assert.Equal("task", stored.GetProperty("kind").GetString());
        Assert.Equal("ctx-9", stored.GetProperty("contextId").GetString());
        Assert.Equal("completed", stored.GetProperty("status").GetProperty("state").GetString());
        Assert.Equal("completed", got.GetProperty("status").GetProperty("state").GetString());
        var parts = got.GetProperty("artifacts")[0].GetProperty("parts");
        Assert.Equal("text", parts[0].GetProperty("kind").GetString());
        Assert.Equal("data", parts[1].GetProperty("kind").GetString());
        Assert.Equal("The lighthouse keeper is called Morwenna", parts[1].GetProperty("data").GetProperty("hits")[0].GetProperty("text").GetString());
        var history = got.GetProperty("history");
        Assert.Equal(1, history.GetArrayLength());
        Assert.Equal("agent", history[0].GetProperty("role").GetString());
        Assert.Equal("message", history[0].GetProperty("kind").GetString());
    }

    [Fact]
    public async Task SendStreamingMessage_V1Ingest_StreamsTaskWorkingProgressArtifactAndCompleted()
    {
        await using var server = await HttpServer.StartAsync(_temp.Path, cancellationToken: TestTimeouts.Token());
        using var a2a = new A2AHttp(server.BaseUri);

        var events = new List<JsonElement>();
        await foreach (var e in a2a.StreamAsync("SendStreamingMessage", V1Data($$"""{"skill":"ingest","batchSize":2,"texts":{{Texts(6, "streamed")}}}"""), TestTimeouts.Token()))
        {
            events.Add(e);
        }

        Assert.Equal("TASK_STATE_SUBMITTED", events[0].GetProperty("task").GetProperty("status").GetProperty("state").GetString());
        var states = events.Where(e => e.TryGetProperty("statusUpdate", out _)).Select(e => e.GetProperty("statusUpdate").GetProperty("status").GetProperty("state").GetString()).ToList();
        Assert.Equal(["TASK_STATE_WORKING", "TASK_STATE_WORKING", "TASK_STATE_WORKING", "TASK_STATE_WORKING", "TASK_STATE_COMPLETED"], states);
        var progress = events.Where(e => e.TryGetProperty("statusUpdate", out var u) && u.GetProperty("status").TryGetProperty("message", out _))
            .Select(e => e.GetProperty("statusUpdate").GetProperty("status").GetProperty("message").GetProperty("parts")[0].GetProperty("text").GetString()).ToList();
        Assert.Equal("stored 2 of 6 events in 'default'", progress[0]);
        var artifact = Assert.Single(events, e => e.TryGetProperty("artifactUpdate", out _)).GetProperty("artifactUpdate").GetProperty("artifact");
        Assert.Equal(6, artifact.GetProperty("parts")[1].GetProperty("data").GetProperty("created").GetInt32());
    }

    [Fact]
    public async Task MessageStream_V03_SendsKindTaggedEventsEndingWithAFinalStatusUpdate()
    {
        await using var server = await HttpServer.StartAsync(_temp.Path, cancellationToken: TestTimeouts.Token());
        using var a2a = new A2AHttp(server.BaseUri);

        var events = new List<JsonElement>();
        await foreach (var e in a2a.StreamAsync("message/stream", """{"message":{"kind":"message","messageId":"s-1","role":"user","parts":[{"kind":"text","text":"anything about harbours?"}]}}""", TestTimeouts.Token()))
        {
            events.Add(e);
        }

        Assert.Equal(["task", "status-update", "artifact-update", "status-update"], events.Select(e => e.GetProperty("kind").GetString()));
        Assert.Equal("working", events[1].GetProperty("status").GetProperty("state").GetString());
        Assert.False(events[1].GetProperty("final").GetBoolean());
        Assert.Equal("completed", events[3].GetProperty("status").GetProperty("state").GetString());
        Assert.True(events[3].GetProperty("final").GetBoolean());
        Assert.StartsWith("No memories in 'default' match", events[2].GetProperty("artifact").GetProperty("parts")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetTask_AfterTheServerRestarts_ReturnsTheTaskAndItsArtifacts()
    {
        string id;
        await using (var server = await HttpServer.StartAsync(_temp.Path, cancellationToken: TestTimeouts.Token()))
        {
            using var a2a = new A2AHttp(server.BaseUri);
            await a2a.ResultAsync("SendMessage", V1Data("""{"skill":"remember","episodes":[{"text":"The tide table is pinned by the door"}]}"""), TestTimeouts.Token());
            var recalled = await a2a.ResultAsync("SendMessage", V1Text("tide table"), TestTimeouts.Token());
            id = recalled.GetProperty("task").GetProperty("id").GetString()!;
        }

        await using var restarted = await HttpServer.StartAsync(_temp.Path, cancellationToken: TestTimeouts.Token());
        using var again = new A2AHttp(restarted.BaseUri);
        var task = await again.ResultAsync("GetTask", $$"""{"id":"{{id}}"}""", TestTimeouts.Token());
        var listed = await again.ResultAsync("ListTasks", """{"includeArtifacts":true}""", TestTimeouts.Token());

        Assert.Equal(id, task.GetProperty("id").GetString());
        Assert.Equal("TASK_STATE_COMPLETED", task.GetProperty("status").GetProperty("state").GetString());
        var parts = task.GetProperty("artifacts")[0].GetProperty("parts");
        Assert.Equal("The tide table is pinned by the door", parts[1].GetProperty("data").GetProperty("hits")[0].GetProperty("text").GetString());
        Assert.Equal(2, listed.GetProperty("totalSize").GetInt32());
        Assert.Equal(id, listed.GetProperty("tasks")[0].GetProperty("id").GetString());
        Assert.True(listed.GetProperty("tasks")[0].TryGetProperty("artifacts", out _));
    }

    [Fact]
    public async Task CancelTask_LongRunningBulkIngest_StopsItBetweenBatchesAndThenIsNotCancelable()
    {
        await using var server = await HttpServer.StartAsync(_temp.Path, cancellationToken: TestTimeouts.Token());
        using var a2a = new A2AHttp(server.BaseUri);
        const int total = 20_000;

        var started = await a2a.ResultAsync("SendMessage", V1Data($$"""{"skill":"ingest","batchSize":10,"texts":{{Texts(total, "bulk")}}}""", """{"returnImmediately":true}"""), TestTimeouts.Token());
        var id = started.GetProperty("task").GetProperty("id").GetString()!;
        await foreach (var e in a2a.StreamAsync("SubscribeToTask", $$"""{"id":"{{id}}"}""", TestTimeouts.Token()))
        {
            if (e.TryGetProperty("statusUpdate", out var update) && update.GetProperty("status").TryGetProperty("message", out _))
            {
                break; // the first batch is stored: the ingest is under way
            }
        }

        var canceled = await a2a.ResultAsync("CancelTask", $$"""{"id":"{{id}}"}""", TestTimeouts.Token());
        var again = await a2a.ErrorAsync("CancelTask", $$"""{"id":"{{id}}"}""", TestTimeouts.Token());
        var stats = await a2a.ResultAsync("SendMessage", V1Data("""{"skill":"stats"}"""), TestTimeouts.Token());

        Assert.Equal("TASK_STATE_CANCELED", canceled.GetProperty("status").GetProperty("state").GetString());
        Assert.Contains("Canceled at the client's request", canceled.GetProperty("status").GetProperty("message").GetProperty("parts")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(-32002, again.Code);
        Assert.Contains("canceled", again.Message, StringComparison.Ordinal);
        var records = stats.GetProperty("task").GetProperty("artifacts")[0].GetProperty("parts")[1].GetProperty("data").GetProperty("namespaces")
            .EnumerateArray().Single(n => n.GetProperty("namespace").GetString() == "default").GetProperty("records").GetInt64();
        Assert.InRange(records, 10, total - 10);
    }

    [Fact]
    public async Task Errors_BadRequests_GetTheSpecsCodesWithMessagesThatSayWhatToDo()
    {
        await using var server = await HttpServer.StartAsync(_temp.Path, cancellationToken: TestTimeouts.Token());
        using var a2a = new A2AHttp(server.BaseUri);
        var done = await a2a.ResultAsync("SendMessage", V1Text("anything"), TestTimeouts.Token());
        var doneId = done.GetProperty("task").GetProperty("id").GetString();

        var notFound = await a2a.ErrorAsync("GetTask", """{"id":"0123456789abcdef"}""", TestTimeouts.Token());
        var notFoundV03 = await a2a.ErrorAsync("tasks/cancel", """{"id":"0123456789abcdef"}""", TestTimeouts.Token());
        var noParts = await a2a.ErrorAsync("SendMessage", """{"message":{"messageId":"x","role":"ROLE_USER","parts":[]}}""", TestTimeouts.Token());
        var badState = await a2a.ErrorAsync("ListTasks", """{"status":"TASK_STATE_SLEEPING"}""", TestTimeouts.Token());
        var badSkill = await a2a.ErrorAsync("SendMessage", V1Data("""{"skill":"teleport"}"""), TestTimeouts.Token());
        var badK = await a2a.ErrorAsync("SendMessage", V1Data("""{"skill":"knowledge","query":"harbour","k":0}"""), TestTimeouts.Token());
        var recallK = await a2a.ErrorAsync("SendMessage", V1Data("""{"query":"harbour","k":200}"""), TestTimeouts.Token());
        var texts = await a2a.ErrorAsync("SendMessage", V1Data("""{"skill":"ingest","texts":"one long string"}"""), TestTimeouts.Token());
        var version = await a2a.ErrorAsync("GetTask", $$"""{"id":"{{doneId}}"}""", TestTimeouts.Token(), "2.0");
        var subscribeDone = await a2a.ErrorAsync("SubscribeToTask", $$"""{"id":"{{doneId}}"}""", TestTimeouts.Token());
        var push = await a2a.ErrorAsync("tasks/pushNotificationConfig/set", $$$"""{"taskId":"{{{doneId}}}","pushNotificationConfig":{"url":"http://127.0.0.1:1/hook"}}""", TestTimeouts.Token());
        var unknown = await a2a.ErrorAsync("tasks/list", "{}", TestTimeouts.Token());
        var (status, parse) = await a2a.PostRawAsync("{not json", TestTimeouts.Token());
        var (_, notRpc) = await a2a.PostRawAsync("""{"method":"GetTask"}""", TestTimeouts.Token());
        var (surrogateStatus, surrogate) = await a2a.PostRawAsync("""{"jsonrpc":"2.0","id":"\ud800","method":"GetTask","params":{"id":"x"}}""", TestTimeouts.Token());
        var (_, surrogateText) = await a2a.PostRawAsync("""{"jsonrpc":"2.0","id":7,"method":"SendMessage","params":{"message":{"messageId":"m","role":"ROLE_USER","parts":[{"text":"bad \udc00 text"}]}}}""", TestTimeouts.Token());
        var (_, batch) = await a2a.PostRawAsync("""[{"jsonrpc":"2.0","id":1,"method":"GetTask","params":{"id":"x"}}]""", TestTimeouts.Token());

        Assert.Equal(-32001, notFound.Code);
        Assert.Contains("'0123456789abcdef' was not found", notFound.Message, StringComparison.Ordinal);
        Assert.Equal(-32001, notFoundV03.Code);
        Assert.Equal(-32602, noParts.Code);
        Assert.Contains("'params.message.parts' is missing or empty", noParts.Message, StringComparison.Ordinal);
        Assert.Equal(-32602, badState.Code);
        Assert.Contains("TASK_STATE_COMPLETED or completed", badState.Message, StringComparison.Ordinal);
        Assert.Equal(-32602, badSkill.Code);
        Assert.Contains("Skill 'teleport' is not offered", badSkill.Message, StringComparison.Ordinal);
        Assert.Equal((-32602, "'data.k' is 0; the knowledge skill returns 1-50 results."), badK);
        Assert.Equal((-32602, "'data.k' is 200; the recall skill returns 1-100 results."), recallK);
        Assert.Equal((-32602, "'data.texts' is a string; it must be an array, such as [\"The ferry leaves at 09:40\"]."), texts);
        Assert.Equal(-32009, version.Code);
        Assert.Contains("speaks 1.0 and 0.3", version.Message, StringComparison.Ordinal);
        Assert.Equal(-32004, subscribeDone.Code);
        Assert.Equal(-32003, push.Code);
        Assert.Equal(-32601, unknown.Code);
        Assert.Contains("CreateTaskPushNotificationConfig", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("tasks/pushNotificationConfig/set", unknown.Message, StringComparison.Ordinal);
        Assert.Equal(200, surrogateStatus);
        Assert.Equal(-32700, JsonDocument.Parse(surrogate).RootElement.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Contains("at $.id is not valid text", surrogate, StringComparison.Ordinal);
        Assert.Contains("at $.params.message.parts[0].text is not valid text", surrogateText, StringComparison.Ordinal);
        Assert.Equal(-32600, JsonDocument.Parse(batch).RootElement.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Contains("batches are not supported", batch, StringComparison.Ordinal);
        Assert.Equal(200, status);
        Assert.Equal(-32700, JsonDocument.Parse(parse).RootElement.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(-32600, JsonDocument.Parse(notRpc).RootElement.GetProperty("error").GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Notifications_ARequestWithoutAnId_IsCarriedOutButAnsweredWithNoBodyNotEvenAnError()
    {
        await using var server = await HttpServer.StartAsync(_temp.Path, cancellationToken: TestTimeouts.Token());
        using var a2a = new A2AHttp(server.BaseUri);

        var sent = await a2a.PostRawAsync("""{"jsonrpc":"2.0","method":"SendMessage","params":{"message":{"messageId":"n-1","role":"ROLE_USER","parts":[{"data":{"skill":"remember","episodes":[{"text":"The lighthouse keeper is called Morwenna"}]}}]}}}""", TestTimeouts.Token());
        var streamed = await a2a.PostRawAsync("""{"jsonrpc":"2.0","method":"SendStreamingMessage","params":{"message":{"messageId":"n-2","role":"ROLE_USER","parts":[{"data":{"skill":"remember","episodes":[{"text":"The harbour master is called Tamsin"}]}}]}}}""", TestTimeouts.Token());
        var unknown = await a2a.PostRawAsync("""{"jsonrpc":"2.0","method":"tasks/list","params":{}}""", TestTimeouts.Token());
        var failing = await a2a.PostRawAsync("""{"jsonrpc":"2.0","method":"GetTask","params":{"id":"0123456789abcdef"}}""", TestTimeouts.Token());
        var listed = await a2a.ResultAsync("ListTasks", "{}", TestTimeouts.Token());

        Assert.Equal([(204, ""), (204, ""), (204, ""), (204, "")], [sent, streamed, unknown, failing]);
        Assert.Equal(["TASK_STATE_COMPLETED", "TASK_STATE_COMPLETED"], listed.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("status").GetProperty("state").GetString()));
        var found = await a2a.ResultAsync("SendMessage", V1Text("Who keeps the lighthouse?"), TestTimeouts.Token());
        Assert.Contains("Morwenna", found.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Limits_ABodyOverMaxRequestBytesAndAnOverlongIdAreRefusedOverJsonRpcAndRest()
    {
        var config = _temp.Combine("config.json");
        await File.WriteAllTextAsync(config, """{ "McpMemory": { "A2A": { "MaxRequestBytes": 65536 } } }""", TestContext.Current.CancellationToken);
        await using var server = await HttpServer.StartAsync(_temp.Combine("data"), config, TestTimeouts.Token());
        using var a2a = new A2AHttp(server.BaseUri);
        using var http = new HttpClient { BaseAddress = server.BaseUri };
        var big = V1Text(new string('x', 100_000));

        var (status, body) = await a2a.PostRawAsync($$"""{"jsonrpc":"2.0","id":1,"method":"SendMessage","params":{{big}}}""", TestTimeouts.Token());
        using var rest = await http.PostAsync("/a2a/rest/message:send", new StringContent(big, System.Text.Encoding.UTF8, "application/json"), TestTimeouts.Token());
        var restBody = await rest.Content.ReadAsStringAsync(TestTimeouts.Token());
        var longId = await a2a.ErrorAsync("SendMessage", $$$"""{"message":{"messageId":"{{{new string('m', 300)}}}","role":"ROLE_USER","parts":[{"text":"hi"}]}}""", TestTimeouts.Token());
        var small = await a2a.ResultAsync("SendMessage", V1Text("still answered"), TestTimeouts.Token());

        Assert.Equal(200, status);
        Assert.Equal(-32600, JsonDocument.Parse(body).RootElement.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Contains("larger than 65536 bytes", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, rest.StatusCode);
        Assert.Contains("larger than 65536 bytes", restBody, StringComparison.Ordinal);
        Assert.Equal((-32602, "'params.message.messageId' has 300 characters; an id may have at most 256."), longId);
        Assert.Equal("TASK_STATE_COMPLETED", small.GetProperty("task").GetProperty("status").GetProperty("state").GetString());
    }

    [Fact]
    public async Task TaskRetention_AnEndedTaskIsDeletedOnceItIsOlderThanTheRetention_WhatItStoredStays()
    {
        var config = _temp.Combine("config.json");
        await File.WriteAllTextAsync(config, """{ "McpMemory": { "A2A": { "TaskRetention": "00:00:02" } } }""", TestContext.Current.CancellationToken);
        var data = _temp.Combine("data");
        await using var server = await HttpServer.StartAsync(data, config, TestTimeouts.Token());
        using var a2a = new A2AHttp(server.BaseUri);
        var old = await a2a.ResultAsync("SendMessage", V1Data("""{"skill":"remember","episodes":[{"text":"The tide table is pinned by the door"}]}"""), TestTimeouts.Token());
        var oldId = old.GetProperty("task").GetProperty("id").GetString();
        var keptBefore = await a2a.ResultAsync("GetTask", $$"""{"id":"{{oldId}}"}""", TestTimeouts.Token());

        await Task.Delay(TimeSpan.FromSeconds(3.5), TestTimeouts.Token());
        var gone = await a2a.ErrorAsync("GetTask", $$"""{"id":"{{oldId}}"}""", TestTimeouts.Token());
        var fresh = await a2a.ResultAsync("SendMessage", V1Text("tide table"), TestTimeouts.Token());
        var listed = await a2a.ResultAsync("ListTasks", "{}", TestTimeouts.Token());

        Assert.Equal("TASK_STATE_COMPLETED", keptBefore.GetProperty("status").GetProperty("state").GetString());
        Assert.Equal([fresh.GetProperty("task").GetProperty("id").GetString()], listed.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("id").GetString()));
        Assert.Equal(-32001, gone.Code);
        Assert.False(File.Exists(Path.Combine(data, "a2a", "tasks", oldId + ".json")));
        Assert.Contains("tide table is pinned", fresh.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListTasks_FiltersByEitherStateSpellingAndPages()
    {
        await using var server = await HttpServer.StartAsync(_temp.Path, cancellationToken: TestTimeouts.Token());
        using var a2a = new A2AHttp(server.BaseUri);
        for (var i = 0; i < 3; i++)
        {
            await a2a.ResultAsync("SendMessage", V1Text($"query {i}"), TestTimeouts.Token());
        }

        var first = await a2a.ResultAsync("ListTasks", """{"status":"completed","pageSize":2}""", TestTimeouts.Token());
        var second = await a2a.ResultAsync("ListTasks", $$"""{"status":"TASK_STATE_COMPLETED","page_size":2,"page_token":"{{first.GetProperty("nextPageToken").GetString()}}","historyLength":0}""", TestTimeouts.Token());
        var none = await a2a.ResultAsync("ListTasks", """{"status":"TASK_STATE_FAILED"}""", TestTimeouts.Token());

        Assert.Equal(2, first.GetProperty("tasks").GetArrayLength());
        Assert.Equal(3, first.GetProperty("totalSize").GetInt32());
        Assert.Equal(1, second.GetProperty("tasks").GetArrayLength());
        Assert.Equal("", second.GetProperty("nextPageToken").GetString());
        Assert.False(second.GetProperty("tasks")[0].TryGetProperty("history", out _));
        Assert.False(first.GetProperty("tasks")[0].TryGetProperty("artifacts", out _));
        Assert.Equal(0, none.GetProperty("totalSize").GetInt32());
        var ids = first.GetProperty("tasks").EnumerateArray().Concat(second.GetProperty("tasks").EnumerateArray()).Select(t => t.GetProperty("id").GetString()).Distinct();
        Assert.Equal(3, ids.Count());
    }

    [Fact]
    public async Task Tokens_A2ANeedsABearerToken_AndEachPrincipalSeesOnlyItsOwnTasksAndNamespace()
    {
        var config = _temp.Combine("config.json");
        await File.WriteAllTextAsync(config, """
        {
          "McpMemory": {
            "Principals": { "alice": { "DefaultNamespace": "alice" }, "bob": { "DefaultNamespace": "bob" } },
            "Http": { "Tokens": { "token-alice": "alice", "token-bob": "bob" } }
          }
        }
        """, TestContext.Current.CancellationToken);
        await using var server = await HttpServer.StartAsync(_temp.Combine("data"), config, TestTimeouts.Token());
        using var anonymous = new A2AHttp(server.BaseUri);
        using var alice = new A2AHttp(server.BaseUri, "token-alice");
        using var bob = new A2AHttp(server.BaseUri, "token-bob");
        using var http = new HttpClient { BaseAddress = server.BaseUri };
        using var cardRequest = new HttpRequestMessage(HttpMethod.Get, "/.well-known/agent-card.json");
        cardRequest.Headers.Add("A2A-Version", "1.0");
        using var cardResponse = await http.SendAsync(cardRequest, TestTimeouts.Token());
        var card = JsonDocument.Parse(await cardResponse.Content.ReadAsStringAsync(TestTimeouts.Token())).RootElement;

        var (status, body) = await anonymous.PostRawAsync("""{"jsonrpc":"2.0","id":1,"method":"ListTasks","params":{}}""", TestTimeouts.Token());
        var stored = await alice.ResultAsync("SendMessage", V1Data("""{"skill":"remember","episodes":[{"text":"Alice keeps the spare key under the blue pot"}]}"""), TestTimeouts.Token());
        var id = stored.GetProperty("task").GetProperty("id").GetString();
        var bobGets = await bob.ErrorAsync("GetTask", $$"""{"id":"{{id}}"}""", TestTimeouts.Token());
        var bobRecalls = await bob.ResultAsync("SendMessage", V1Text("spare key blue pot"), TestTimeouts.Token());
        var bobList = await bob.ResultAsync("ListTasks", "{}", TestTimeouts.Token());

        Assert.Equal(401, status);
        Assert.Equal("UNAUTHENTICATED", JsonDocument.Parse(body).RootElement.GetProperty("error").GetProperty("status").GetString());
        Assert.DoesNotContain("-32001", body, StringComparison.Ordinal);
        Assert.Equal("Bearer", card.GetProperty("securitySchemes").GetProperty("bearer").GetProperty("httpAuthSecurityScheme").GetProperty("scheme").GetString());
        Assert.True(card.GetProperty("securityRequirements")[0].GetProperty("schemes").TryGetProperty("bearer", out _));
        Assert.Equal("alice", stored.GetProperty("task").GetProperty("artifacts")[0].GetProperty("parts")[1].GetProperty("data").GetProperty("namespace").GetString());
        Assert.Equal(-32001, bobGets.Code);
        var bobData = bobRecalls.GetProperty("task").GetProperty("artifacts")[0].GetProperty("parts")[1].GetProperty("data");
        Assert.Equal("bob", bobData.GetProperty("namespace").GetString());
        Assert.Equal(0, bobData.GetProperty("hits").GetArrayLength());
        Assert.Equal(1, bobList.GetProperty("totalSize").GetInt32());
    }
}
