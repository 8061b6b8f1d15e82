using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using McpMemory.A2A.Grpc.V1;
using Task = System.Threading.Tasks.Task;
using McpMemory.Tests.Support;

namespace McpMemory.Tests.A2A;

/// <summary>A2A v1.0 over gRPC on the <c>--grpc-urls</c> endpoint of a real server, with a .NET gRPC client.</summary>
public sealed class A2AGrpcTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static Message Text(string text) => new() { MessageId = Guid.NewGuid().ToString("N"), Role = Role.User, Parts = { new Part { Text = text } } };

    private static Message Data(string json) => new() { MessageId = Guid.NewGuid().ToString("N"), Role = Role.User, Parts = { new Part { Data = Value.Parser.ParseJson(json) } } };

    [Fact]
    public async Task Grpc_SendStreamGetListSubscribeCancel_WorkOnTheGrpcEndpointListedOnTheCard()
    {
        var grpcPort = ServerProcess.FreePort();
        var grpcUrl = $"http://127.0.0.1:{grpcPort}";
        await using var server = await HttpServer.StartAsync(_temp.Path, cancellationToken: TestTimeouts.Token(), extraArguments: ["--grpc-urls", grpcUrl]);
        using var http = new HttpClient { BaseAddress = server.BaseUri };
        using var cardRequest = new HttpRequestMessage(HttpMethod.Get, "/.well-known/agent-card.json");
        cardRequest.Headers.Add("A2A-Version", "1.0");
        using var cardResponse = await http.SendAsync(cardRequest, TestTimeouts.Token());
        var card = JsonDocument.Parse(await cardResponse.Content.ReadAsStringAsync(TestTimeouts.Token())).RootElement;
        using var channel = GrpcChannel.ForAddress(grpcUrl);
        var client = new A2AService.A2AServiceClient(channel);
        var token = TestTimeouts.Token();

        var remembered = await client.SendMessageAsync(new SendMessageRequest { Message = Data("""{"skill":"remember","episodes":[{"text":"The night bus leaves from platform 4","speaker":"dana"}]}""") }, cancellationToken: token);
        var recalled = await client.SendMessageAsync(new SendMessageRequest { Message = Text("night bus platform") }, cancellationToken: token);
        var streamed = new List<StreamResponse.PayloadOneofCase>();
        using (var stream = client.SendStreamingMessage(new SendMessageRequest { Message = Text("bus") }, cancellationToken: token))
        {
            await foreach (var e in stream.ResponseStream.ReadAllAsync(token))
            {
                streamed.Add(e.PayloadCase);
            }
        }

        var got = await client.GetTaskAsync(new GetTaskRequest { Id = recalled.Task.Id, HistoryLength = 1 }, cancellationToken: token);
        var listed = await client.ListTasksAsync(new ListTasksRequest { Status = TaskState.Completed, PageSize = 2 }, cancellationToken: token);
        var texts = Enumerable.Range(0, 20_000).Select(i => $"grpc bulk note {i}");
        var ingest = await client.SendMessageAsync(new SendMessageRequest { Message = Data(JsonSerializer.Serialize(new { skill = "ingest", batchSize = 10, texts })), Configuration = new SendMessageConfiguration { ReturnImmediately = true } }, cancellationToken: token);
        using (var subscription = client.SubscribeToTask(new SubscribeToTaskRequest { Id = ingest.Task.Id }, cancellationToken: token))
        {
            await foreach (var e in subscription.ResponseStream.ReadAllAsync(token))
            {
                if (e.PayloadCase == StreamResponse.PayloadOneofCase.StatusUpdate && e.StatusUpdate.Status.Message is not null)
                {
                    break;
                }
            }
        }

        var canceled = await client.CancelTaskAsync(new CancelTaskRequest { Id = ingest.Task.Id }, cancellationToken: token);
        var notCancelable = await Assert.ThrowsAsync<RpcException>(async () => await client.CancelTaskAsync(new CancelTaskRequest { Id = ingest.Task.Id }, cancellationToken: token));
        var notFound = await Assert.ThrowsAsync<RpcException>(async () => await client.GetTaskAsync(new GetTaskRequest { Id = "0123456789abcdef" }, cancellationToken: token));
        var negative = await Assert.ThrowsAsync<RpcException>(async () => await client.GetTaskAsync(new GetTaskRequest { Id = recalled.Task.Id, HistoryLength = -5 }, cancellationToken: token));
        var extended = await client.GetExtendedAgentCardAsync(new GetExtendedAgentCardRequest(), cancellationToken: token);

        Assert.Contains(card.GetProperty("supportedInterfaces").EnumerateArray(), i => i.GetProperty("protocolBinding").GetString() == "GRPC" && i.GetProperty("url").GetString() == $"127.0.0.1:{grpcPort}");
        Assert.Equal(TaskState.Completed, remembered.Task.Status.State);
        var parts = recalled.Task.Artifacts[0].Parts;
        Assert.Contains("dana: The night bus leaves from platform 4", parts[0].Text, StringComparison.Ordinal);
        Assert.Equal("The night bus leaves from platform 4", parts[1].Data.StructValue.Fields["hits"].ListValue.Values[0].StructValue.Fields["text"].StringValue);
        Assert.Equal([Role.User, Role.Agent], recalled.Task.History.Select(m => m.Role));
        Assert.Equal([StreamResponse.PayloadOneofCase.Task, StreamResponse.PayloadOneofCase.StatusUpdate, StreamResponse.PayloadOneofCase.ArtifactUpdate, StreamResponse.PayloadOneofCase.StatusUpdate], streamed);
        Assert.Equal(recalled.Task.Id, got.Id);
        Assert.Single(got.History);
        Assert.Equal(3, listed.TotalSize);
        Assert.Equal(2, listed.Tasks.Count);
        Assert.NotEqual("", listed.NextPageToken);
        Assert.Equal(TaskState.Canceled, canceled.Status.State);
        Assert.Equal(StatusCode.FailedPrecondition, notCancelable.StatusCode);
        Assert.Equal(StatusCode.NotFound, notFound.StatusCode);
        Assert.Contains("was not found", notFound.Status.Detail, StringComparison.Ordinal);
        Assert.Equal((StatusCode.InvalidArgument, "'historyLength' is -5; it must be 0 or more."), (negative.StatusCode, negative.Status.Detail));
        Assert.Equal(server.BaseUri.ToString().TrimEnd('/') + "/a2a", extended.SupportedInterfaces[0].Url);
    }

    [Fact]
    public async Task Grpc_AVersionWeDoNotSpeakThere_IsRefusedWithTheA2AReasonInTheStatusDetails()
    {
        var grpcUrl = $"http://127.0.0.1:{ServerProcess.FreePort()}";
        await using var server = await HttpServer.StartAsync(_temp.Path, cancellationToken: TestTimeouts.Token(), extraArguments: ["--grpc-urls", grpcUrl]);
        using var channel = GrpcChannel.ForAddress(grpcUrl);
        var client = new A2AService.A2AServiceClient(channel);

        var refused = await Assert.ThrowsAsync<RpcException>(async () => await client.GetTaskAsync(new GetTaskRequest { Id = "0123456789abcdef" }, new Metadata { { "a2a-version", "0.3" } }, cancellationToken: TestTimeouts.Token()));
        var missing = await Assert.ThrowsAsync<RpcException>(async () => await client.GetTaskAsync(new GetTaskRequest { Id = "0123456789abcdef" }, new Metadata { { "a2a-version", "1.0" } }, cancellationToken: TestTimeouts.Token()));

        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("speaks 1.0 only", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal("VERSION_NOT_SUPPORTED", refused.GetRpcStatus()!.GetDetail<Google.Rpc.ErrorInfo>()!.Reason);
        Assert.Equal("TASK_NOT_FOUND", missing.GetRpcStatus()!.GetDetail<Google.Rpc.ErrorInfo>()!.Reason);
        Assert.Equal("a2a-protocol.org", missing.GetRpcStatus()!.GetDetail<Google.Rpc.ErrorInfo>()!.Domain);
    }
}
