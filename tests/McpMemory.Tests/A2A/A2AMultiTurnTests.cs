using System.Text.Json;
using McpMemory.Tests.Support;

namespace McpMemory.Tests.A2A;

/// <summary>
/// Tasks that ask for input and take the client's reply (input-required, then a message with the task's id), tasks
/// seen from several processes on one data directory, and list pages that stay put while tasks arrive; all against
/// real <c>mcp-memory serve --http</c> processes.
/// </summary>
public sealed class A2AMultiTurnTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string Message(string partsJson, string? taskId = null, string? contextId = null, string role = "ROLE_USER")
    {
        var ids = (taskId is null ? "" : $",\"taskId\":\"{taskId}\"") + (contextId is null ? "" : $",\"contextId\":\"{contextId}\"");
        return $$$"""{"message":{"messageId":"{{{Guid.NewGuid():N}}}","role":"{{{role}}}","parts":{{{partsJson}}}{{{ids}}}}}""";
    }

    private static string Text(string text) => $$"""[{"text":{{JsonSerializer.Serialize(text)}}}]""";

    private static string StateOf(JsonElement task) => task.GetProperty("status").GetProperty("state").GetString()!;

    private static string StatusText(JsonElement task) => task.GetProperty("status").GetProperty("message").GetProperty("parts")[0].GetProperty("text").GetString()!;

    [Fact]
    public async Task Remember_WithNothingToStore_AsksForInput_AndTheReplyInTheTaskCompletesItInTheFirstRequestsNamespace()
    {
        await using var server = await HttpServer.StartAsync(_temp.Path, cancellationToken: TestTimeouts.Token());
        using var a2a = new A2AHttp(server.BaseUri);

        var asked = (await a2a.ResultAsync("SendMessage", Message("""[{"data":{"skill":"remember","namespace":"crew"}}]"""), TestTimeouts.Token(), "1.0")).GetProperty("task");
        var id = asked.GetProperty("id").GetString()!;
        var contextId = asked.GetProperty("contextId").GetString()!;
        var waiting = await a2a.ResultAsync("GetTask", $$"""{"id":"{{id}}"}""", TestTimeouts.Token());
        var listed = await a2a.ResultAsync("ListTasks", """{"status":"input-required"}""", TestTimeouts.Token());
        var answered = (await a2a.ResultAsync("SendMessage", Message(Text("The harbour master is called Morwenna"), id, contextId), TestTimeouts.Token(), "1.0")).GetProperty("task");
        var recalled = (await a2a.ResultAsync("SendMessage", Message("""[{"data":{"skill":"recall","query":"who is the harbour master","namespace":"crew","waitForEmbeddings":true}}]"""), TestTimeouts.Token())).GetProperty("task");

        Assert.Equal("TASK_STATE_INPUT_REQUIRED", StateOf(asked));
        Assert.Contains("What should I remember?", StatusText(asked), StringComparison.Ordinal);
        Assert.Contains($"taskId '{id}'", StatusText(asked), StringComparison.Ordinal);
        Assert.Equal("TASK_STATE_INPUT_REQUIRED", StateOf(waiting));
        Assert.Equal(id, Assert.Single(listed.GetProperty("tasks").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal(id, answered.GetProperty("id").GetString());
        Assert.Equal("TASK_STATE_COMPLETED", StateOf(answered));
        Assert.Equal("crew", answered.GetProperty("artifacts")[0].GetProperty("parts")[1].GetProperty("data").GetProperty("namespace").GetString());
        Assert.Equal(["ROLE_USER", "ROLE_AGENT", "ROLE_USER", "ROLE_AGENT"], answered.GetProperty("history").EnumerateArray().Select(m => m.GetProperty("role").GetString()));
        var hit = recalled.GetProperty("artifacts")[0].GetProperty("parts")[1].GetProperty("data").GetProperty("hits")[0];
        Assert.Equal("The harbour master is called Morwenna", hit.GetProperty("text").GetString());
    }

    [Fact]
    public async Task V03Stream_KnowledgeWithoutAQuery_EndsTheStreamAtInputRequired_AndAStreamedReplyRunsToCompleted()
    {
        await using var server = await HttpServer.StartAsync(_temp.Path, cancellationToken: TestTimeouts.Token());
        using var a2a = new A2AHttp(server.BaseUri);
        var v03 = """{"message":{"kind":"message","messageId":"m1","role":"user","parts":[{"kind":"data","data":{"skill":"knowledge","k":3}}]}}""";

        var first = new List<JsonElement>();
        await foreach (var e in a2a.StreamAsync("message/stream", v03, TestTimeouts.Token()))
        {
            first.Add(e);
        }

        var id = first[0].GetProperty("id").GetString()!;
        var reply = $$$"""{"message":{"kind":"message","message_id":"m2","role":"user","task_id":"{{{id}}}","parts":[{"kind":"text","text":"lighthouse keepers"}]}}""";
        var second = new List<JsonElement>();
        await foreach (var e in a2a.StreamAsync("message/stream", reply, TestTimeouts.Token()))
        {
            second.Add(e);
        }

        var last = first[^1];
        Assert.Equal("status-update", last.GetProperty("kind").GetString());
        Assert.Equal("input-required", last.GetProperty("status").GetProperty("state").GetString());
        Assert.True(last.GetProperty("final").GetBoolean());
        Assert.Contains("knowledge graph", last.GetProperty("status").GetProperty("message").GetProperty("parts")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(id, second[0].GetProperty("id").GetString());
        Assert.Equal("completed", second[^1].GetProperty("status").GetProperty("state").GetString());
        var artifact = second.Single(e => e.GetProperty("kind").GetString() == "artifact-update").GetProperty("artifact");
        Assert.Equal("knowledge", artifact.GetProperty("name").GetString());
        Assert.Equal("lighthouse keepers", artifact.GetProperty("parts")[1].GetProperty("data").GetProperty("query").GetString());
    }

    [Fact]
    public async Task Replies_IntoEndedOrOtherContextTasks_AreRefused_AndAWaitingTaskCanBeCanceledAndSurvivesARestart()
    {
        string waitingId;
        string canceledId;
        await using (var server = await HttpServer.StartAsync(_temp.Path, cancellationToken: TestTimeouts.Token()))
        {
            using var a2a = new A2AHttp(server.BaseUri);
            var done = (await a2a.ResultAsync("SendMessage", Message(Text("anything at all")), TestTimeouts.Token())).GetProperty("task");
            var waiting = (await a2a.ResultAsync("SendMessage", Message("""[{"data":{"skill":"documents"}}]"""), TestTimeouts.Token())).GetProperty("task");
            waitingId = waiting.GetProperty("id").GetString()!;
            var toCancel = (await a2a.ResultAsync("SendMessage", Message("""[{"data":{"skill":"ingest"}}]"""), TestTimeouts.Token())).GetProperty("task");
            canceledId = toCancel.GetProperty("id").GetString()!;

            var intoDone = await a2a.ErrorAsync("SendMessage", Message(Text("more"), done.GetProperty("id").GetString()), TestTimeouts.Token());
            var otherContext = await a2a.ErrorAsync("SendMessage", Message(Text("rotate keys"), waitingId, "some-other-context"), TestTimeouts.Token());
            var subscribe = await a2a.ErrorAsync("SubscribeToTask", $$"""{"id":"{{waitingId}}"}""", TestTimeouts.Token());
            var canceled = await a2a.ResultAsync("CancelTask", $$"""{"id":"{{canceledId}}"}""", TestTimeouts.Token());
            var intoCanceled = await a2a.ErrorAsync("SendMessage", Message("""[{"data":{"texts":["late"]}}]""", canceledId), TestTimeouts.Token());

            Assert.Equal(-32004, intoDone.Code);
            Assert.Contains("is completed, and a task that has ended takes no more messages", intoDone.Message, StringComparison.Ordinal);
            Assert.Equal(-32602, otherContext.Code);
            Assert.Contains("belongs to context", otherContext.Message, StringComparison.Ordinal);
            Assert.Equal(-32004, subscribe.Code);
            Assert.Contains("waits for your reply", subscribe.Message, StringComparison.Ordinal);
            Assert.Equal("TASK_STATE_CANCELED", StateOf(canceled));
            Assert.Contains("while it waited for input", StatusText(canceled), StringComparison.Ordinal);
            Assert.Equal(-32004, intoCanceled.Code);
        }

        await using var restarted = await HttpServer.StartAsync(_temp.Path, cancellationToken: TestTimeouts.Token());
        using var again = new A2AHttp(restarted.BaseUri);
        var stillWaiting = await again.ResultAsync("GetTask", $$"""{"id":"{{waitingId}}"}""", TestTimeouts.Token());
        var answered = (await again.ResultAsync("SendMessage", Message(Text("how are keys rotated"), waitingId), TestTimeouts.Token())).GetProperty("task");
        var stillCanceled = await again.ResultAsync("GetTask", $$"""{"id":"{{canceledId}}"}""", TestTimeouts.Token());

        Assert.Equal("TASK_STATE_INPUT_REQUIRED", StateOf(stillWaiting));
        Assert.Equal("TASK_STATE_COMPLETED", StateOf(answered));
        Assert.Equal("how are keys rotated", answered.GetProperty("artifacts")[0].GetProperty("parts")[1].GetProperty("data").GetProperty("query").GetString());
        Assert.Equal("TASK_STATE_CANCELED", StateOf(stillCanceled));
    }

    [Fact]
    public async Task TwoProcessesOnOneDataDirectory_SeeEachOthersTasks_AndASecondStartDoesNotFailTheFirstsRunningTask_ButAKilledOnesIs()
    {
        var texts = JsonSerializer.Serialize(Enumerable.Range(0, 20_000).Select(i => $"shared record {i} about the quay").ToArray());
        await using var first = await HttpServer.StartAsync(_temp.Path, cancellationToken: TestTimeouts.Token());
        using var a2aFirst = new A2AHttp(first.BaseUri);
        var slow = (await a2aFirst.ResultAsync("SendMessage", $$$"""{"message":{"messageId":"{{{Guid.NewGuid():N}}}","role":"ROLE_USER","parts":[{"data":{"skill":"ingest","batchSize":5,"texts":{{{texts}}}}}]},"configuration":{"returnImmediately":true}}""", TestTimeouts.Token())).GetProperty("task");
        var slowId = slow.GetProperty("id").GetString()!;

        await using var second = await HttpServer.StartAsync(_temp.Path, cancellationToken: TestTimeouts.Token());
        using var a2aSecond = new A2AHttp(second.BaseUri);
        var seenFromSecond = await a2aSecond.ResultAsync("GetTask", $$"""{"id":"{{slowId}}"}""", TestTimeouts.Token());
        var cancelFromSecond = await a2aSecond.ErrorAsync("CancelTask", $$"""{"id":"{{slowId}}"}""", TestTimeouts.Token());
        var made = (await a2aSecond.ResultAsync("SendMessage", Message(Text("quay records")), TestTimeouts.Token())).GetProperty("task");
        var seenFromFirst = await a2aFirst.ResultAsync("GetTask", $$"""{"id":"{{made.GetProperty("id").GetString()}}"}""", TestTimeouts.Token());
        await first.DisposeAsync(); // SIGKILL while the ingest runs
        var afterKill = await a2aSecond.ResultAsync("GetTask", $$"""{"id":"{{slowId}}"}""", TestTimeouts.Token());
        var listed = await a2aSecond.ResultAsync("ListTasks", "{}", TestTimeouts.Token());

        Assert.Contains(StateOf(seenFromSecond), new[] { "TASK_STATE_SUBMITTED", "TASK_STATE_WORKING" });
        Assert.Equal(-32004, cancelFromSecond.Code);
        Assert.Contains("another mcp-memory process", cancelFromSecond.Message, StringComparison.Ordinal);
        Assert.Equal("TASK_STATE_COMPLETED", StateOf(seenFromFirst));
        Assert.Equal("TASK_STATE_FAILED", StateOf(afterKill));
        Assert.Contains("The server stopped while this task ran", StatusText(afterKill), StringComparison.Ordinal);
        Assert.Equal(2, listed.GetProperty("totalSize").GetInt32());
    }

    [Fact]
    public async Task ServerShutdown_StopsARunningIngest_AndItsSubscriberGetsTheFailedStateThatARestartStillShows()
    {
        var texts = JsonSerializer.Serialize(Enumerable.Range(0, 20_000).Select(i => $"shutdown record {i} about the slipway").ToArray());
        string id;
        var events = new List<JsonElement>();
        await using (var server = await HttpServer.StartAsync(_temp.Path, cancellationToken: TestTimeouts.Token()))
        {
            using var a2a = new A2AHttp(server.BaseUri);
            var started = (await a2a.ResultAsync("SendMessage", $$$"""{"message":{"messageId":"{{{Guid.NewGuid():N}}}","role":"ROLE_USER","parts":[{"data":{"skill":"ingest","batchSize":5,"texts":{{{texts}}}}}]},"configuration":{"returnImmediately":true}}""", TestTimeouts.Token())).GetProperty("task");
            id = started.GetProperty("id").GetString()!;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            Task<int>? exited = null;
            await foreach (var e in a2a.StreamAsync("SubscribeToTask", $$"""{"id":"{{id}}"}""", TestTimeouts.Token()))
            {
                events.Add(e);
                if (exited is null && e.TryGetProperty("statusUpdate", out var update) && update.GetProperty("status").TryGetProperty("message", out _))
                {
                    exited = server.TerminateAsync(TestTimeouts.Token()); // the ingest is under way
                }
            }

            Assert.NotNull(exited);
            Assert.Equal(0, await exited);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(25), $"shutting down took {clock.Elapsed}");
        }

        await using var restarted = await HttpServer.StartAsync(_temp.Path, cancellationToken: TestTimeouts.Token());
        using var again = new A2AHttp(restarted.BaseUri);
        var task = await again.ResultAsync("GetTask", $$"""{"id":"{{id}}"}""", TestTimeouts.Token());

        var last = events[^1].GetProperty("statusUpdate").GetProperty("status");
        Assert.Equal("TASK_STATE_FAILED", last.GetProperty("state").GetString());
        Assert.Contains("The server stopped while this task ran", last.GetProperty("message").GetProperty("parts")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("Progress when it stopped: stored", last.GetProperty("message").GetProperty("parts")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal("TASK_STATE_FAILED", StateOf(task));
        Assert.Equal(last.GetProperty("message").GetProperty("parts")[0].GetProperty("text").GetString(), StatusText(task));
    }

    [Fact]
    public async Task ListTasks_NextPage_ContinuesAfterTheLastTaskShown_EvenWhenNewerTasksArriveInBetween()
    {
        await using var server = await HttpServer.StartAsync(_temp.Path, cancellationToken: TestTimeouts.Token());
        using var a2a = new A2AHttp(server.BaseUri);
        var made = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            made.Add((await a2a.ResultAsync("SendMessage", Message(Text($"query {i}")), TestTimeouts.Token())).GetProperty("task").GetProperty("id").GetString()!);
        }

        var first = await a2a.ResultAsync("ListTasks", """{"pageSize":2}""", TestTimeouts.Token());
        await a2a.ResultAsync("SendMessage", Message(Text("a newer query")), TestTimeouts.Token());
        var second = await a2a.ResultAsync("ListTasks", $$"""{"pageSize":2,"pageToken":"{{first.GetProperty("nextPageToken").GetString()}}"}""", TestTimeouts.Token());
        var forged = await a2a.ErrorAsync("ListTasks", """{"pageToken":"b2Zmc2V0OjI="}""", TestTimeouts.Token());

        static IEnumerable<string?> Ids(JsonElement page) => page.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("id").GetString());
        Assert.Equal([made[3], made[2]], Ids(first));
        Assert.Equal([made[1], made[0]], Ids(second));
        Assert.Equal("", second.GetProperty("nextPageToken").GetString());
        Assert.Equal(-32602, forged.Code);
        Assert.Contains("is not a page token of this server", forged.Message, StringComparison.Ordinal);
    }
}
