using System.Text.Json;
using McpMemory.A2A.Client;
using McpMemory.A2A.Protocol;
using McpMemory.Tests.Support;

namespace McpMemory.Tests.A2A;

/// <summary>
/// Our A2A client over the HTTP+JSON (REST) binding, driving real agents of the reference JavaScript SDK that serve
/// only that binding with the SDK's restHandler (1.3.0 for A2A v1.0, 0.3.14 for v0.3's <c>/v1/</c> routes).
/// </summary>
public sealed class A2AClientRestTests
{
    private static A2AMessage Text(string text) => new() { MessageId = Guid.NewGuid().ToString("N"), Role = A2AMessage.UserRole, Parts = [A2APart.FromText(text)] };

    private static string ArtifactText(A2ATask task) => string.Join(" ", task.Artifacts.SelectMany(a => a.Parts).Select(p => p.Text));

    [Theory]
    [InlineData("v1rest", A2AFamily.V1, "1.0")]
    [InlineData("v03rest", A2AFamily.V03, "0.3.0")]
    public async Task GetAgentCard_RestOnlyPeer_PicksTheHttpJsonInterface(string family, A2AFamily expected, string version)
    {
        var ct = TestTimeouts.Token();
        await using var peer = await PeerAgent.StartAsync(family, "alpha", "summarize", "answer", ct);
        using var http = new HttpClient();
        var client = new A2AClient(http);

        var card = await client.GetAgentCardAsync(peer.BaseUri.ToString(), cancellationToken: ct);

        Assert.Equal(A2ABinding.HttpJson, card.Binding);
        Assert.Equal(expected, card.Family);
        Assert.Equal(version, card.ProtocolVersion);
        Assert.Equal(new Uri(peer.BaseUri, "/rest"), card.Endpoint);
        Assert.Equal(["summarize"], card.Skills.Select(s => s.Id));
    }

    [Theory]
    [InlineData("v1rest")]
    [InlineData("v03rest")]
    public async Task SendMessage_RestOnlyPeer_ReturnsCompletedTaskThatGetTaskReadsBack(string family)
    {
        var ct = TestTimeouts.Token();
        await using var peer = await PeerAgent.StartAsync(family, "alpha", "summarize", "answer", ct);
        using var http = new HttpClient();
        var client = new A2AClient(http);
        var card = await client.GetAgentCardAsync(peer.CardUrl, cancellationToken: ct);

        var answer = await client.SendMessageAsync(card, Text("summarise the harbour log"), cancellationToken: ct);
        var got = await client.GetTaskAsync(card, answer.Task!.Id, cancellationToken: ct);

        Assert.Equal(A2ATaskState.Completed, answer.Task.Status.State);
        Assert.Equal("alpha is done", answer.Task.Status.Message!.Parts[0].Text);
        Assert.Equal("alpha did: summarise the harbour log", ArtifactText(answer.Task));
        Assert.Equal(answer.Task.Id, got.Id);
        Assert.Equal(answer.Task.ContextId, got.ContextId);
        Assert.Equal(A2ATaskState.Completed, got.Status.State);
        Assert.Equal("alpha did: summarise the harbour log", ArtifactText(got));
    }

    [Theory]
    [InlineData("v1rest")]
    [InlineData("v03rest")]
    public async Task StreamMessage_RestOnlyPeer_YieldsTaskStatusesArtifactAndCompletion(string family)
    {
        var ct = TestTimeouts.Token();
        await using var peer = await PeerAgent.StartAsync(family, "alpha", "summarize", "answer", ct);
        using var http = new HttpClient();
        var client = new A2AClient(http);
        var card = await client.GetAgentCardAsync(peer.CardUrl, cancellationToken: ct);

        var events = new List<A2APeerEvent>();
        await foreach (var update in client.StreamMessageAsync(card, Text("count the boats"), cancellationToken: ct))
        {
            events.Add(update);
        }

        Assert.Equal([A2ATaskState.Submitted, A2ATaskState.Working, null, A2ATaskState.Completed], events.Select(e => e.State));
        Assert.NotNull(events[0].Task);
        Assert.Equal("alpha is working on it", events[1].Status!.Message!.Parts[0].Text);
        Assert.Equal("alpha did: count the boats", events[2].Artifact!.Parts[0].Text);
        Assert.True(events[^1].IsFinal);
        Assert.All(events, e => Assert.Equal(events[0].TaskId, e.TaskId));
    }

    [Theory]
    [InlineData("v1rest")]
    [InlineData("v03rest")]
    public async Task CancelTask_SlowRestOnlyPeer_EndsTheStreamCanceled(string family)
    {
        var ct = TestTimeouts.Token();
        await using var peer = await PeerAgent.StartAsync(family, "sloth", "summarize", "slow", ct);
        using var http = new HttpClient();
        var client = new A2AClient(http);
        var card = await client.GetAgentCardAsync(peer.CardUrl, cancellationToken: ct);

        A2ATask? canceled = null;
        var states = new List<A2ATaskState?>();
        await foreach (var update in client.StreamMessageAsync(card, Text("a long job"), cancellationToken: ct))
        {
            states.Add(update.State);
            if (update.State == A2ATaskState.Working && canceled is null)
            {
                canceled = await client.CancelTaskAsync(card, update.TaskId!, cancellationToken: ct);
            }
        }

        Assert.NotNull(canceled);
        Assert.Equal(A2ATaskState.Canceled, states[^1]);
        var got = await client.GetTaskAsync(card, canceled.Id, cancellationToken: ct);
        Assert.Equal(A2ATaskState.Canceled, got.Status.State);
        Assert.StartsWith("sloth stopped at step ", got.Status.Message!.Parts[0].Text, StringComparison.Ordinal);
        Assert.Empty(got.Artifacts);
    }

    [Theory]
    [InlineData("v1rest", "GET /tasks/{id} failed: the peer answered HTTP 404 Not Found TASK_NOT_FOUND (error -32001): Task not found: no-such-task")]
    [InlineData("v03rest", "GET /v1/tasks/{id} failed: the peer answered HTTP 404 Not Found error -32001: Task not found: no-such-task")]
    public async Task GetTask_RestUnknownId_FailsWithTheTaskNotFoundCodeAndThePeersWords(string family, string expected)
    {
        var ct = TestTimeouts.Token();
        await using var peer = await PeerAgent.StartAsync(family, "alpha", "summarize", "answer", ct);
        using var http = new HttpClient();
        var client = new A2AClient(http);
        var card = await client.GetAgentCardAsync(peer.CardUrl, cancellationToken: ct);

        var error = await Assert.ThrowsAsync<A2AClientException>(() => client.GetTaskAsync(card, "no-such-task", cancellationToken: ct));

        Assert.Equal(A2AErrorCodes.TaskNotFound, error.Code);
        Assert.Contains("A2A peer 'alpha'", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadCard_BothBindingsOffered_PrefersJsonRpc()
    {
        var card = JsonDocument.Parse("""
            {"name": "both", "supportedInterfaces": [
              {"url": "http://127.0.0.1:9/rest", "protocolBinding": "HTTP+JSON", "protocolVersion": "1.0"},
              {"url": "http://127.0.0.1:9/rpc", "protocolBinding": "JSONRPC", "protocolVersion": "0.3"}]}
            """).RootElement;

        var read = A2AClient.ReadCard(card, new Uri("http://127.0.0.1:9/.well-known/agent-card.json"));

        Assert.Equal(A2ABinding.JsonRpc, read.Binding);
        Assert.Equal(A2AFamily.V03, read.Family);
        Assert.Equal(new Uri("http://127.0.0.1:9/rpc"), read.Endpoint);
    }

    [Fact]
    public void ReadCard_OnlyGrpcOffered_FailsNamingWhatTheCardOffersAndWhatTheClientSpeaks()
    {
        var card = JsonDocument.Parse("""
            {"name": "grpc-only", "supportedInterfaces": [{"url": "127.0.0.1:50051", "protocolBinding": "GRPC", "protocolVersion": "1.0"}]}
            """).RootElement;

        var error = Assert.Throws<A2AClientException>(() => A2AClient.ReadCard(card, new Uri("http://127.0.0.1:9/.well-known/agent-card.json")));

        Assert.Equal("read agent card", error.Operation);
        Assert.Contains("the card of 'grpc-only' at http://127.0.0.1:9/.well-known/agent-card.json offers GRPC 1.0; this client speaks JSON-RPC and HTTP+JSON (REST) of A2A 1.0 or 0.3", error.Message, StringComparison.Ordinal);
    }
}
