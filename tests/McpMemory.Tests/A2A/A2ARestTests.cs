using System.Net;
using System.Text;
using System.Text.Json;
using McpMemory.Tests.Support;

namespace McpMemory.Tests.A2A;

/// <summary>The HTTP+JSON (REST) binding of A2A v1.0 at <c>/a2a/rest</c> of a real server process, with raw HTTP.</summary>
public sealed class A2ARestTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<(HttpStatusCode Status, JsonElement Body)> ReadAsync(HttpResponseMessage response) =>
        (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestTimeouts.Token())).RootElement.Clone());

    [Fact]
    public async Task Rest_SendGetListAndStream_AnswerInV1ShapesOnTheSpecsPaths()
    {
        await using var server = await HttpServer.StartAsync(_temp.Path, cancellationToken: TestTimeouts.Token());
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUri, "/a2a/rest/") };

        using var remember = await http.PostAsync("./message:send", Json("""{"message":{"messageId":"r1","role":"ROLE_USER","parts":[{"data":{"skill":"remember","episodes":[{"text":"The bakery opens at seven"}]}}]}}"""), TestTimeouts.Token());
        using var recall = await http.PostAsync("./message:send", Json("""{"message":{"message_id":"r2","role":"ROLE_USER","parts":[{"text":"bakery opens"}]}}"""), TestTimeouts.Token());
        var (recallStatus, recalled) = await ReadAsync(recall);
        var id = recalled.GetProperty("task").GetProperty("id").GetString();
        var (getStatus, got) = await ReadAsync(await http.GetAsync($"tasks/{id}?historyLength=1", TestTimeouts.Token()));
        var (_, listed) = await ReadAsync(await http.GetAsync("tasks?status=TASK_STATE_COMPLETED&pageSize=1&includeArtifacts=true", TestTimeouts.Token()));
        using var stream = await http.PostAsync("./message:stream", Json("""{"message":{"messageId":"r3","role":"ROLE_USER","parts":[{"text":"bakery"}]}}"""), TestTimeouts.Token());
        var events = (await stream.Content.ReadAsStringAsync(TestTimeouts.Token())).Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(e => JsonDocument.Parse(e["data: ".Length..]).RootElement.EnumerateObject().Single().Name).ToList();

        Assert.Equal(HttpStatusCode.OK, remember.StatusCode);
        Assert.Equal(HttpStatusCode.OK, recallStatus);
        Assert.Equal("The bakery opens at seven", recalled.GetProperty("task").GetProperty("artifacts")[0].GetProperty("parts")[1].GetProperty("data").GetProperty("hits")[0].GetProperty("text").GetString());
        Assert.Equal(HttpStatusCode.OK, getStatus);
        Assert.Equal("TASK_STATE_COMPLETED", got.GetProperty("status").GetProperty("state").GetString());
        Assert.Equal(1, got.GetProperty("history").GetArrayLength());
        Assert.Equal(2, listed.GetProperty("totalSize").GetInt32());
        Assert.Equal(1, listed.GetProperty("tasks").GetArrayLength());
        Assert.True(listed.GetProperty("tasks")[0].TryGetProperty("artifacts", out _));
        Assert.Equal("text/event-stream", stream.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["task", "statusUpdate", "artifactUpdate", "statusUpdate"], events);
    }

    [Fact]
    public async Task Rest_Errors_CarryHttpStatusAndTheA2AReason()
    {
        await using var server = await HttpServer.StartAsync(_temp.Path, cancellationToken: TestTimeouts.Token());
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUri, "/a2a/rest/") };
        var (_, done) = await ReadAsync(await http.PostAsync("./message:send", Json("""{"message":{"messageId":"e1","role":"ROLE_USER","parts":[{"text":"x"}]}}"""), TestTimeouts.Token()));
        var id = done.GetProperty("task").GetProperty("id").GetString();

        var (missingStatus, missing) = await ReadAsync(await http.GetAsync("tasks/0123456789abcdef", TestTimeouts.Token()));
        var (cancelStatus, cancel) = await ReadAsync(await http.PostAsync($"tasks/{id}:cancel", null, TestTimeouts.Token()));
        var (badStatus, bad) = await ReadAsync(await http.PostAsync("./message:send", Json("""{"message":{"messageId":"e2","role":"ROLE_USER","parts":[]}}"""), TestTimeouts.Token()));
        var (routeStatus, route) = await ReadAsync(await http.GetAsync("nowhere", TestTimeouts.Token()));
        using var old = new HttpRequestMessage(HttpMethod.Get, $"tasks/{id}");
        old.Headers.Add("A2A-Version", "0.3");
        var (versionStatus, version) = await ReadAsync(await http.SendAsync(old, TestTimeouts.Token()));

        Assert.Equal(HttpStatusCode.NotFound, missingStatus);
        Assert.Equal("TASK_NOT_FOUND", missing.GetProperty("error").GetProperty("details")[0].GetProperty("reason").GetString());
        Assert.Equal("type.googleapis.com/google.rpc.ErrorInfo", missing.GetProperty("error").GetProperty("details")[0].GetProperty("@type").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, cancelStatus);
        Assert.Equal("TASK_NOT_CANCELABLE", cancel.GetProperty("error").GetProperty("details")[0].GetProperty("reason").GetString());
        Assert.Equal("FAILED_PRECONDITION", cancel.GetProperty("error").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, badStatus);
        Assert.Contains("'params.message.parts' is missing or empty", bad.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, routeStatus);
        Assert.Contains("POST /message:send", route.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, versionStatus);
        Assert.Equal("VERSION_NOT_SUPPORTED", version.GetProperty("error").GetProperty("details")[0].GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Rest_PushConfigs_CreateListGetAndDeleteOnTheTasksPaths_OnlyToAllowedUrls()
    {
        var config = Path.Combine(_temp.Path, "config.json");
        await File.WriteAllTextAsync(config, """{ "McpMemory": { "A2A": { "PushAllowedUrls": ["http://127.0.0.1:9/hooks/"] } } }""", TestContext.Current.CancellationToken);
        await using var server = await HttpServer.StartAsync(Path.Combine(_temp.Path, "data"), config, TestTimeouts.Token());
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUri, "/a2a/rest/") };
        var (_, done) = await ReadAsync(await http.PostAsync("./message:send", Json("""{"message":{"messageId":"p1","role":"ROLE_USER","parts":[{"text":"x"}]}}"""), TestTimeouts.Token()));
        var id = done.GetProperty("task").GetProperty("id").GetString()!;

        var (createStatus, created) = await ReadAsync(await http.PostAsync($"tasks/{id}/pushNotificationConfigs", Json("""{"id":"hook-1","url":"http://127.0.0.1:9/hooks/a","token":"t1","authentication":{"scheme":"Bearer","credentials":"s"}}"""), TestTimeouts.Token()));
        var (deniedStatus, denied) = await ReadAsync(await http.PostAsync($"tasks/{id}/pushNotificationConfigs", Json("""{"url":"http://example.invalid/hook"}"""), TestTimeouts.Token()));
        var (_, listed) = await ReadAsync(await http.GetAsync($"tasks/{id}/pushNotificationConfigs", TestTimeouts.Token()));
        var (_, got) = await ReadAsync(await http.GetAsync($"tasks/{id}/pushNotificationConfigs/hook-1", TestTimeouts.Token()));
        using var delete = await http.DeleteAsync($"tasks/{id}/pushNotificationConfigs/hook-1", TestTimeouts.Token());
        var (_, afterDelete) = await ReadAsync(await http.GetAsync($"tasks/{id}/pushNotificationConfigs", TestTimeouts.Token()));

        Assert.Equal(HttpStatusCode.OK, createStatus);
        Assert.Equal((id, "hook-1", "http://127.0.0.1:9/hooks/a", "t1"), (created.GetProperty("taskId").GetString(), created.GetProperty("id").GetString(), created.GetProperty("url").GetString(), created.GetProperty("token").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, deniedStatus);
        Assert.Contains("http://example.invalid/hook", denied.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(["hook-1"], listed.GetProperty("configs").EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        Assert.Equal("Bearer", got.GetProperty("authentication").GetProperty("scheme").GetString());
        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        Assert.Equal(0, afterDelete.GetProperty("configs").GetArrayLength());
    }
}
