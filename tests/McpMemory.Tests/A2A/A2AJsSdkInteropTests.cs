using System.Text.Json;
using McpMemory.Tests.Interop;
using McpMemory.Tests.Support;

namespace McpMemory.Tests.A2A;

/// <summary>
/// The reference JavaScript SDK judges our A2A server: <c>tools/interop/a2a-client.mjs</c> uses the client of
/// <c>@a2a-js/sdk</c> 1.3.0 (A2A v1.0) or of 0.3.14 (v0.3, npm alias <c>a2a-sdk-v03</c>) to discover the card and
/// send, stream, get, list (v1.0), subscribe, cancel and answer a task that asks for input against a real server
/// process, over JSON-RPC (both families) and over 1.3.0's HTTP+JSON (REST) and gRPC transports.
/// </summary>
public sealed class A2AJsSdkInteropTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private async Task<JsonElement> RunAsync(string family)
    {
        string[] grpc = family == "grpc" ? ["--grpc-urls", $"http://127.0.0.1:{ServerProcess.FreePort()}"] : [];
        await using var server = await HttpServer.StartAsync(_temp.Path, cancellationToken: TestTimeouts.Token(), extraArguments: grpc);
        var run = await InteropTools.RunNodeAsync(Path.Combine(InteropTools.Folder, "a2a-client.mjs"), [server.BaseUri.ToString().TrimEnd('/'), family], TestTimeouts.Token());
        Assert.True(run.ExitCode == 0, $"a2a-client.mjs {family} failed:\n{run}\nserver:\n{server.Stderr}");
        return JsonDocument.Parse(run.Stdout.Trim().Split('\n')[^1]).RootElement.Clone();
    }

    [Theory]
    [InlineData("v1", "JSONRPC", "JsonRpc")]
    [InlineData("rest", "HTTP+JSON", "Rest")]
    [InlineData("grpc", "GRPC", "Grpc")]
    public async Task JsSdk130_V1Client_DiscoversSendsStreamsGetsListsSubscribesAndCancels(string mode, string transport, string errorPrefix)
    {
        var seen = await RunAsync(mode);

        Assert.Equal("1.0", seen.GetProperty("protocolVersion").GetString());
        Assert.Equal(transport, seen.GetProperty("transport").GetString());
        Assert.Equal(["recall", "remember", "ingest", "documents", "knowledge", "stats"], seen.GetProperty("card").GetProperty("skills").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(mode == "grpc" ? ["JSONRPC 1.0", "JSONRPC 0.3", "HTTP+JSON 1.0", "GRPC 1.0"] : ["JSONRPC 1.0", "JSONRPC 0.3", "HTTP+JSON 1.0"], seen.GetProperty("card").GetProperty("interfaces").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("TASK_STATE_COMPLETED", seen.GetProperty("remember").GetProperty("state").GetString());
        var recall = seen.GetProperty("recall");
        Assert.Equal("TASK_STATE_COMPLETED", recall.GetProperty("state").GetString());
        Assert.Equal("The Scilly ferry leaves Penzance at 09:15", recall.GetProperty("firstHit").GetString());
        Assert.Contains("1. carol: The Scilly ferry leaves Penzance at 09:15", recall.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(["ROLE_USER", "ROLE_AGENT"], recall.GetProperty("history").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(["task", "statusUpdate", "artifactUpdate", "statusUpdate"], seen.GetProperty("stream").GetProperty("events").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("TASK_STATE_COMPLETED", seen.GetProperty("stream").GetProperty("finalState").GetString());
        Assert.True(seen.GetProperty("get").GetProperty("id").GetBoolean());
        Assert.Equal(1, seen.GetProperty("get").GetProperty("artifacts").GetInt32());
        Assert.Equal(1, seen.GetProperty("get").GetProperty("history").GetInt32());
        Assert.Equal(2, seen.GetProperty("list").GetProperty("tasks").GetInt32());
        Assert.Equal(3, seen.GetProperty("list").GetProperty("totalSize").GetInt32());
        Assert.True(seen.GetProperty("list").GetProperty("nextPageToken").GetBoolean());
        Assert.Equal("TASK_STATE_SUBMITTED", seen.GetProperty("ingest").GetProperty("startState").GetString());
        Assert.Equal(["task", "statusUpdate"], seen.GetProperty("subscribe").GetProperty("events").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("TASK_STATE_CANCELED", seen.GetProperty("cancel").GetProperty("state").GetString());
        Assert.Contains("of 20000 events", seen.GetProperty("cancel").GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal($"{errorPrefix}TaskNotCancelableError", seen.GetProperty("cancelAgain").GetProperty("name").GetString());
        Assert.Contains("is already canceled", seen.GetProperty("cancelAgain").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal($"{errorPrefix}TaskNotFoundError", seen.GetProperty("notFound").GetProperty("name").GetString());
        AssertMultiTurn(seen.GetProperty("multiTurn"), "TASK_STATE_INPUT_REQUIRED", "TASK_STATE_COMPLETED");
    }

    // A remember with nothing to store asked for input; the SDK's second message, into the same task, completed it.
    private static void AssertMultiTurn(JsonElement multiTurn, string asked, string answered)
    {
        Assert.Equal(asked, multiTurn.GetProperty("askedState").GetString());
        Assert.Contains("What should I remember?", multiTurn.GetProperty("question").GetString(), StringComparison.Ordinal);
        Assert.True(multiTurn.GetProperty("sameTask").GetBoolean());
        Assert.Equal(answered, multiTurn.GetProperty("answeredState").GetString());
        Assert.Equal("crew", multiTurn.GetProperty("namespace").GetString());
    }

    [Fact]
    public async Task JsSdk0314_V03Client_DiscoversSendsStreamsGetsResubscribesAndCancels()
    {
        var seen = await RunAsync("v03");

        Assert.Equal("0.3.0", seen.GetProperty("card").GetProperty("protocolVersion").GetString());
        Assert.EndsWith("/a2a", seen.GetProperty("card").GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.Equal("completed", seen.GetProperty("remember").GetProperty("state").GetString());
        var recall = seen.GetProperty("recall");
        Assert.Equal("task", recall.GetProperty("kind").GetString());
        Assert.Equal("completed", recall.GetProperty("state").GetString());
        Assert.Equal("The Scilly ferry leaves Penzance at 09:15", recall.GetProperty("firstHit").GetString());
        Assert.Equal(["user", "agent"], recall.GetProperty("history").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(["task", "status-update", "artifact-update", "status-update"], seen.GetProperty("stream").GetProperty("events").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("completed", seen.GetProperty("stream").GetProperty("finalState").GetString());
        Assert.True(seen.GetProperty("get").GetProperty("id").GetBoolean());
        Assert.Equal(1, seen.GetProperty("get").GetProperty("history").GetInt32());
        Assert.Equal("submitted", seen.GetProperty("ingest").GetProperty("startState").GetString());
        Assert.Equal(["task", "status-update"], seen.GetProperty("subscribe").GetProperty("events").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("canceled", seen.GetProperty("cancel").GetProperty("state").GetString());
        Assert.Equal("TaskNotCancelableJSONRPCError", seen.GetProperty("cancelAgain").GetProperty("name").GetString());
        Assert.Equal("TaskNotFoundJSONRPCError", seen.GetProperty("notFound").GetProperty("name").GetString());
        AssertMultiTurn(seen.GetProperty("multiTurn"), "input-required", "completed");
    }
}
