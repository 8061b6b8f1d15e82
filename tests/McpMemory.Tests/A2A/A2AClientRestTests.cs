using System.Text.Json;
using McpMemory.A2A.Client;
using McpMemory.A2A.Protocol;
using McpMemory.Tests.Support;

namespace McpMemory.Tests.A2A;

/// <summary>
/// What is particular to our A2A client over the HTTP+JSON (REST) binding: the REST error bodies of real agents of the
/// reference JavaScript SDK (1.3.0 for A2A v1.0, 0.3.14 for v0.3's <c>/v1/</c> routes), and which interface of a card
/// it picks. Send, stream, get and cancel over REST are in <see cref="A2AClientTests"/>.
/// </summary>
public sealed class A2AClientRestTests
{
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
