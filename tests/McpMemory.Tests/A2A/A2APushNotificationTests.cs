using System.Text.Json;
using McpMemory.Tests.Support;

namespace McpMemory.Tests.A2A;

/// <summary>Push notifications from a real server to a real webhook: delivery, authentication, retries with backoff, allowed URLs, configs.</summary>
public sealed class A2APushNotificationTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private async Task<HttpServer> StartAsync(Webhook webhook, string backoff = "00:00:00.2", string? grpcUrl = null)
    {
        var config = _temp.Combine("config.json");
        await File.WriteAllTextAsync(config, $$"""{ "McpMemory": { "A2A": { "PushAllowedUrls": ["{{webhook.Url("hooks/")}}", "http://localhost"], "PushInitialBackoff": "{{backoff}}" } } }""", TestContext.Current.CancellationToken);
        return await HttpServer.StartAsync(_temp.Combine("data"), config, TestTimeouts.Token(), grpcUrl is null ? null : ["--grpc-urls", grpcUrl]);
    }

    [Fact]
    public async Task PushNotifications_StillQueuedWhenTheServerStops_AreDeliveredInOrderAfterItStartsAgain()
    {
        using var webhook = new Webhook(failures: 1);
        string taskId;
        await using (var server = await StartAsync(webhook, backoff: "00:00:30"))
        {
            using var a2a = new A2AHttp(server.BaseUri);
            var sent = await a2a.ResultAsync("SendMessage", """
                {"message":{"messageId":"q1","role":"ROLE_USER","parts":[{"text":"lighthouse"}]},
                 "configuration":{"taskPushNotificationConfig":{"url":"HOOK","token":"tok-q"}}}
                """.Replace("HOOK", webhook.Url("hooks/q"), StringComparison.Ordinal), TestTimeouts.Token());
            taskId = sent.GetProperty("task").GetProperty("id").GetString()!;
            var first = await webhook.Calls.ReadAsync(TestTimeouts.Token());
            Assert.Equal(500, first.Status);

            // The spooled updates and the task hold the webhook's token: only this user may read them.
            var data = _temp.Combine("data");
            var secrets = Directory.GetFiles(Path.Combine(data, "a2a", "push"), "*.json").Append(Path.Combine(data, "a2a", "tasks", taskId + ".json")).ToList();
            Assert.True(secrets.Count >= 2, "an update waits in the spool");
            Assert.All(secrets, f => Assert.Contains("tok-q", File.ReadAllText(f), StringComparison.Ordinal));
            if (!OperatingSystem.IsWindows())
            {
                foreach (var file in secrets)
                {
                    Assert.Equal((file, UnixFileMode.UserRead | UnixFileMode.UserWrite), (file, File.GetUnixFileMode(file)));
                }
            }

            // The first update now waits 30 s for its retry, and the others wait behind it: stop the server here.
        }

        await using var restarted = await StartAsync(webhook, backoff: "00:00:30");
        var delivered = new List<JsonElement>();
        await foreach (var call in webhook.Calls.ReadAllAsync(TestTimeouts.Token()))
        {
            Assert.Equal(200, call.Status);
            Assert.Equal("tok-q", call.Token);
            delivered.Add(JsonDocument.Parse(call.Body).RootElement.Clone());
            if (call.Body.Contains("TASK_STATE_COMPLETED", StringComparison.Ordinal))
            {
                break;
            }
        }

        Assert.Equal(["statusUpdate", "artifactUpdate", "statusUpdate"], delivered.Select(d => d.EnumerateObject().Single().Name));
        Assert.All(delivered, d => Assert.Equal(taskId, d.EnumerateObject().Single().Value.GetProperty("taskId").GetString()));
        var spool = Path.Combine(_temp.Combine("data"), "a2a", "push");
        for (var i = 0; i < 50 && Directory.GetFiles(spool, "*.json").Length > 0; i++)
        {
            await Task.Delay(100, TestTimeouts.Token()); // the last file goes just after its webhook answered
        }

        Assert.Empty(Directory.GetFiles(spool, "*.json"));
    }

    [Fact]
    public async Task PushNotifications_WebhookFailsTwice_EveryUpdateArrivesWithItsAuthenticationAfterBackedOffRetries()
    {
        using var webhook = new Webhook(failures: 2);
        await using var server = await StartAsync(webhook);
        using var a2a = new A2AHttp(server.BaseUri);

        var sent = await a2a.ResultAsync("SendMessage", """
            {"message":{"messageId":"p1","role":"ROLE_USER","parts":[{"data":{"skill":"remember","episodes":[{"text":"The pier lights go on at dusk"}]}}]},
             "configuration":{"taskPushNotificationConfig":{"url":"HOOK","token":"tok-1","authentication":{"scheme":"Bearer","credentials":"hook-secret"}}}}
            """.Replace("HOOK", webhook.Url("hooks/a2a"), StringComparison.Ordinal), TestTimeouts.Token());
        var calls = new List<WebhookCall>();
        await foreach (var call in webhook.Calls.ReadAllAsync(TestTimeouts.Token()))
        {
            calls.Add(call);
            if (call.Status == 200 && call.Body.Contains("TASK_STATE_COMPLETED", StringComparison.Ordinal))
            {
                break;
            }
        }

        Assert.Equal("TASK_STATE_COMPLETED", sent.GetProperty("task").GetProperty("status").GetProperty("state").GetString());
        Assert.Equal([500, 500, 200], calls.Take(3).Select(c => c.Status));
        Assert.Single(calls.Take(3).Select(c => c.Body).Distinct());
        Assert.InRange((calls[1].At - calls[0].At).TotalMilliseconds, 180, 10_000);
        Assert.InRange((calls[2].At - calls[1].At).TotalMilliseconds, 380, 10_000);
        Assert.All(calls, c => Assert.Equal("Bearer hook-secret", c.Authorization));
        Assert.All(calls, c => Assert.Equal("tok-1", c.Token));
        Assert.All(calls, c => Assert.Equal("/hooks/a2a", c.Path));
        var delivered = calls.Where(c => c.Status == 200).Select(c => JsonDocument.Parse(c.Body).RootElement).ToList();
        Assert.Equal(["statusUpdate", "artifactUpdate", "statusUpdate"], delivered.Select(d => d.EnumerateObject().Single().Name));
        Assert.Equal(sent.GetProperty("task").GetProperty("id").GetString(), delivered[^1].GetProperty("statusUpdate").GetProperty("taskId").GetString());
    }

    [Fact]
    public async Task PushConfigs_CreateGetListDelete_InBothFamilies_AndOnlyToAllowedUrls()
    {
        using var webhook = new Webhook(failures: 0);
        await using var server = await StartAsync(webhook);
        using var a2a = new A2AHttp(server.BaseUri);
        var task = await a2a.ResultAsync("SendMessage", """{"message":{"messageId":"c1","role":"ROLE_USER","parts":[{"text":"anything"}]}}""", TestTimeouts.Token());
        var id = task.GetProperty("task").GetProperty("id").GetString();

        var created = await a2a.ResultAsync("CreateTaskPushNotificationConfig", $$"""{"taskId":"{{id}}","url":"{{webhook.Url("hooks/one")}}","token":"t1"}""", TestTimeouts.Token());
        var setV03 = await a2a.ResultAsync("tasks/pushNotificationConfig/set", """{"taskId":"TASK","pushNotificationConfig":{"id":"mine","url":"HOOK","authentication":{"schemes":["Basic"],"credentials":"dTpw"}}}""".Replace("TASK", id, StringComparison.Ordinal).Replace("HOOK", webhook.Url("hooks/two"), StringComparison.Ordinal), TestTimeouts.Token());
        var got = await a2a.ResultAsync("GetTaskPushNotificationConfig", $$"""{"taskId":"{{id}}","id":"mine"}""", TestTimeouts.Token());
        var listV1 = await a2a.ResultAsync("ListTaskPushNotificationConfigs", $$"""{"taskId":"{{id}}"}""", TestTimeouts.Token());
        await a2a.ResultAsync("DeleteTaskPushNotificationConfig", $$"""{"taskId":"{{id}}","id":"{{created.GetProperty("id").GetString()}}"}""", TestTimeouts.Token());
        var listV03 = await a2a.ResultAsync("tasks/pushNotificationConfig/list", $$"""{"id":"{{id}}"}""", TestTimeouts.Token());
        var refused = await a2a.ErrorAsync("CreateTaskPushNotificationConfig", $$"""{"taskId":"{{id}}","url":"http://127.0.0.1:1/elsewhere"}""", TestTimeouts.Token());
        var refusedOnSend = await a2a.ErrorAsync("message/send", """{"message":{"kind":"message","messageId":"c2","role":"user","parts":[{"kind":"text","text":"x"}]},"configuration":{"pushNotificationConfig":{"url":"https://example.com/hook"}}}""", TestTimeouts.Token());
        var lookalike = await a2a.ErrorAsync("CreateTaskPushNotificationConfig", $$"""{"taskId":"{{id}}","url":"http://localhost.evil.test/hook"}""", TestTimeouts.Token());
        var otherPath = await a2a.ErrorAsync("CreateTaskPushNotificationConfig", $$"""{"taskId":"{{id}}","url":"{{webhook.Url("other/hook")}}"}""", TestTimeouts.Token());
        var missing = await a2a.ErrorAsync("GetTaskPushNotificationConfig", $$"""{"taskId":"{{id}}","id":"nope"}""", TestTimeouts.Token());

        Assert.Equal(id, created.GetProperty("taskId").GetString());
        Assert.False(string.IsNullOrEmpty(created.GetProperty("id").GetString()));
        Assert.Equal("t1", created.GetProperty("token").GetString());
        Assert.Equal("mine", setV03.GetProperty("pushNotificationConfig").GetProperty("id").GetString());
        Assert.Equal("Basic", got.GetProperty("authentication").GetProperty("scheme").GetString());
        Assert.Equal(2, listV1.GetProperty("configs").GetArrayLength());
        Assert.Equal(["mine"], listV03.EnumerateArray().Select(c => c.GetProperty("pushNotificationConfig").GetProperty("id").GetString()));
        Assert.Equal(-32602, refused.Code);
        Assert.Contains("are not allowed", refused.Message, StringComparison.Ordinal);
        Assert.Contains(webhook.Url("hooks/"), refused.Message, StringComparison.Ordinal);
        Assert.Equal(-32602, refusedOnSend.Code);
        Assert.Contains("https://example.com/hook", refusedOnSend.Message, StringComparison.Ordinal);
        Assert.Equal(-32602, lookalike.Code);
        Assert.Equal(-32602, otherPath.Code);
        Assert.Equal(-32602, missing.Code);
        Assert.Contains("its configs are: mine", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PushConfigs_ATaskHoldsAtMostTen_AndTheListPagesOverJsonRpcRestAndGrpc()
    {
        using var webhook = new Webhook(failures: 0);
        var grpcUrl = $"http://127.0.0.1:{ServerProcess.FreePort()}";
        await using var server = await StartAsync(webhook, grpcUrl: grpcUrl);
        using var a2a = new A2AHttp(server.BaseUri);
        using var http = new HttpClient { BaseAddress = server.BaseUri };
        var task = await a2a.ResultAsync("SendMessage", """{"message":{"messageId":"p1","role":"ROLE_USER","parts":[{"text":"anything"}]}}""", TestTimeouts.Token());
        var id = task.GetProperty("task").GetProperty("id").GetString();
        var longId = await a2a.ErrorAsync("CreateTaskPushNotificationConfig", $$"""{"taskId":"{{id}}","id":"{{new string('x', 257)}}","url":"{{webhook.Url("hooks/long")}}"}""", TestTimeouts.Token());
        for (var i = 0; i < 10; i++)
        {
            await a2a.ResultAsync("CreateTaskPushNotificationConfig", $$"""{"taskId":"{{id}}","id":"c{{i}}","url":"{{webhook.Url($"hooks/{i}")}}"}""", TestTimeouts.Token());
        }

        var eleventh = await a2a.ErrorAsync("CreateTaskPushNotificationConfig", $$"""{"taskId":"{{id}}","id":"c10","url":"{{webhook.Url("hooks/10")}}"}""", TestTimeouts.Token());
        var replaced = await a2a.ResultAsync("CreateTaskPushNotificationConfig", $$"""{"taskId":"{{id}}","id":"c3","url":"{{webhook.Url("hooks/three")}}"}""", TestTimeouts.Token());
        var pages = new List<string[]>();
        var token = "";
        do
        {
            var page = await a2a.ResultAsync("ListTaskPushNotificationConfigs", $$"""{"taskId":"{{id}}","pageSize":4,"pageToken":"{{token}}"}""", TestTimeouts.Token());
            pages.Add([.. page.GetProperty("configs").EnumerateArray().Select(c => c.GetProperty("id").GetString()!)]);
            token = page.GetProperty("nextPageToken").GetString()!;
        }
        while (token.Length > 0 && pages.Count < 10);

        using var restPage = await http.GetAsync($"/a2a/rest/tasks/{id}/pushNotificationConfigs?pageSize=3&pageToken=c6", TestTimeouts.Token());
        var rest = JsonDocument.Parse(await restPage.Content.ReadAsStringAsync(TestTimeouts.Token())).RootElement;
        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress(grpcUrl);
        var grpc = new McpMemory.A2A.Grpc.V1.A2AService.A2AServiceClient(channel);
        var grpcPage = await grpc.ListTaskPushNotificationConfigsAsync(new McpMemory.A2A.Grpc.V1.ListTaskPushNotificationConfigsRequest { TaskId = id, PageSize = 2, PageToken = "c8" }, cancellationToken: TestTimeouts.Token());
        var grpcAll = await grpc.ListTaskPushNotificationConfigsAsync(new McpMemory.A2A.Grpc.V1.ListTaskPushNotificationConfigsRequest { TaskId = id }, cancellationToken: TestTimeouts.Token());
        var badToken = await a2a.ErrorAsync("ListTaskPushNotificationConfigs", $$"""{"taskId":"{{id}}","pageToken":"gone"}""", TestTimeouts.Token());
        var badSize = await a2a.ErrorAsync("ListTaskPushNotificationConfigs", $$"""{"taskId":"{{id}}","pageSize":101}""", TestTimeouts.Token());

        Assert.Equal((-32602, "'params.id' has 257 characters; an id may have at most 256."), longId);
        Assert.Equal(-32602, eleventh.Code);
        Assert.Contains("already has 10 push notification configs", eleventh.Message, StringComparison.Ordinal);
        Assert.Equal(webhook.Url("hooks/three"), replaced.GetProperty("url").GetString());
        Assert.Equal([["c0", "c1", "c2", "c4"], ["c5", "c6", "c7", "c8"], ["c9", "c3"]], pages);
        Assert.Equal(["c7", "c8", "c9"], rest.GetProperty("configs").EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        Assert.Equal("c9", rest.GetProperty("nextPageToken").GetString());
        Assert.Equal(["c9", "c3"], grpcPage.Configs.Select(c => c.Id));
        Assert.Equal("", grpcPage.NextPageToken);
        Assert.Equal((10, ""), (grpcAll.Configs.Count, grpcAll.NextPageToken));
        Assert.Equal(-32602, badToken.Code);
        Assert.Contains("'gone' is not a push config of task", badToken.Message, StringComparison.Ordinal);
        Assert.Equal(-32602, badSize.Code);
    }
}
