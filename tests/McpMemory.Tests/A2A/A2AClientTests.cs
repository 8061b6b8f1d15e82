using McpMemory.A2A.Client;
using McpMemory.A2A.Protocol;
using McpMemory.Tests.Support;

namespace McpMemory.Tests.A2A;

/// <summary>
/// Our A2A client drives real agents written with the reference JavaScript SDK (1.3.0 for A2A v1.0, 0.3.14 for
/// v0.3), over JSON-RPC and over the HTTP+JSON (REST) binding (agents that serve only that, with the SDK's
/// restHandler: v1.0's routes and v0.3's <c>/v1/</c> routes): card discovery, send, stream, get and cancel, and the
/// errors it gives.
/// </summary>
public sealed class A2AClientTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static A2AMessage Text(string text) => new() { MessageId = Guid.NewGuid().ToString("N"), Role = A2AMessage.UserRole, Parts = [A2APart.FromText(text)] };

    private static string ArtifactText(A2ATask task) => string.Join(" ", task.Artifacts.SelectMany(a => a.Parts).Select(p => p.Text));

    [Theory]
    [InlineData("v1", A2AFamily.V1, "1.0", A2ABinding.JsonRpc, "/a2a")]
    [InlineData("v03", A2AFamily.V03, "0.3.0", A2ABinding.JsonRpc, "/a2a")]
    [InlineData("v1rest", A2AFamily.V1, "1.0", A2ABinding.HttpJson, "/rest")]
    [InlineData("v03rest", A2AFamily.V03, "0.3.0", A2ABinding.HttpJson, "/rest")]
    public async Task GetAgentCard_JsSdkPeer_ReadsBindingEndpointFamilyAndSkills(string family, A2AFamily expected, string version, A2ABinding binding, string endpoint)
    {
        var ct = TestTimeouts.Token();
        await using var peer = await PeerAgent.StartAsync(family, "alpha", "summarize,translate", "answer", ct);
        using var http = new HttpClient();
        var client = new A2AClient(http);

        var card = await client.GetAgentCardAsync(peer.BaseUri.ToString(), cancellationToken: ct);

        Assert.Equal("alpha", card.Name);
        Assert.Equal(binding, card.Binding);
        Assert.Equal(expected, card.Family);
        Assert.Equal(version, card.ProtocolVersion);
        Assert.Equal(new Uri(peer.BaseUri, endpoint), card.Endpoint);
        Assert.True(card.Streaming);
        Assert.Equal(["summarize", "translate"], card.Skills.Select(s => s.Id));
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v03")]
    [InlineData("v1rest")]
    [InlineData("v03rest")]
    public async Task SendMessage_JsSdkPeer_ReturnsCompletedTaskWithArtifact(string family)
    {
        var ct = TestTimeouts.Token();
        await using var peer = await PeerAgent.StartAsync(family, "alpha", "summarize", "answer", ct);
        using var http = new HttpClient();
        var client = new A2AClient(http);
        var card = await client.GetAgentCardAsync(peer.CardUrl, cancellationToken: ct);

        var answer = await client.SendMessageAsync(card, Text("summarise the harbour log"), cancellationToken: ct);

        Assert.NotNull(answer.Task);
        Assert.Equal(A2ATaskState.Completed, answer.Task.Status.State);
        Assert.Equal("alpha is done", answer.Task.Status.Message!.Parts[0].Text);
        Assert.Equal("alpha did: summarise the harbour log", ArtifactText(answer.Task));
        var got = await client.GetTaskAsync(card, answer.Task.Id, cancellationToken: ct);
        Assert.Equal(answer.Task.Id, got.Id);
        Assert.Equal(answer.Task.ContextId, got.ContextId);
        Assert.Equal(A2ATaskState.Completed, got.Status.State);
        Assert.Equal("alpha did: summarise the harbour log", ArtifactText(got));
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v03")]
    [InlineData("v1rest")]
    [InlineData("v03rest")]
    public async Task StreamMessage_JsSdkPeer_YieldsTaskStatusesArtifactAndCompletion(string family)
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
    [InlineData("v1")]
    [InlineData("v03")]
    [InlineData("v1rest")]
    [InlineData("v03rest")]
    public async Task CancelTask_SlowJsSdkPeer_EndsTheStreamCanceled(string family)
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

    // A peer that asks for input ends the turn at once (blocking or streamed); a message carrying its task id answers.
    [Theory]
    [InlineData("v1", false)]
    [InlineData("v1", true)]
    [InlineData("v03", false)]
    [InlineData("v03", true)]
    [InlineData("v1rest", false)]
    [InlineData("v1rest", true)]
    [InlineData("v03rest", false)]
    [InlineData("v03rest", true)]
    public async Task SendMessage_AskingPeer_EndsInputRequiredAndAFollowUpWithItsTaskIdCompletes(string family, bool streamFirst)
    {
        var ct = TestTimeouts.Token();
        await using var peer = await PeerAgent.StartAsync(family, "asker", "summarize", "ask", ct);
        using var http = new HttpClient();
        var client = new A2AClient(http);
        var card = await client.GetAgentCardAsync(peer.CardUrl, cancellationToken: ct);

        async Task<(string? TaskId, string? ContextId, A2ATaskStatus? Status, string Artifact)> TurnAsync(A2AMessage message, bool stream)
        {
            if (!stream)
            {
                var answer = await client.SendMessageAsync(card, message, cancellationToken: ct);
                return (answer.Task!.Id, answer.Task.ContextId, answer.Task.Status, ArtifactText(answer.Task));
            }

            string? taskId = null, contextId = null, artifact = "";
            A2ATaskStatus? status = null;
            await foreach (var update in client.StreamMessageAsync(card, message, cancellationToken: ct))
            {
                taskId ??= update.TaskId;
                contextId ??= update.Task?.ContextId;
                status = update.Status ?? update.Task?.Status ?? status;
                artifact += update.Artifact is { } a ? a.Parts[0].Text : "";
            }

            return (taskId, contextId, status, artifact);
        }

        var asked = await TurnAsync(Text("the harbour log"), streamFirst);
        var answered = await TurnAsync(Text("the ferry times") with { TaskId = asked.TaskId, ContextId = asked.ContextId }, !streamFirst);
        var task = await client.GetTaskAsync(card, asked.TaskId!, cancellationToken: ct);

        Assert.Equal(A2ATaskState.InputRequired, asked.Status!.State);
        Assert.Equal("asker needs more: what else?", asked.Status.Message!.Parts[0].Text);
        Assert.Equal("", asked.Artifact);
        Assert.Equal(asked.TaskId, answered.TaskId);
        Assert.Equal(A2ATaskState.Completed, answered.Status!.State);
        Assert.Equal("asker did: the harbour log + the ferry times", answered.Artifact);
        Assert.Equal(A2ATaskState.Completed, task.Status.State);
        Assert.Equal(asked.ContextId, task.ContextId);
    }

    [Fact]
    public async Task SendMessage_PeerSlowerThanTimeout_FailsNamingPeerAndTimeout()
    {
        var ct = TestTimeouts.Token();
        await using var peer = await PeerAgent.StartAsync("v1", "sloth", "summarize", "slow", ct);
        using var http = new HttpClient();
        var client = new A2AClient(http);
        var card = await client.GetAgentCardAsync(peer.CardUrl, cancellationToken: ct);

        var error = await Assert.ThrowsAsync<A2AClientException>(() => client.SendMessageAsync(card, Text("a long job"), TimeSpan.FromMilliseconds(500), ct));

        Assert.Contains("'sloth'", error.Message, StringComparison.Ordinal);
        Assert.Contains("SendMessage failed: no answer within 0.5 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetTask_UnknownId_FailsWithThePeersTaskNotFoundCode()
    {
        var ct = TestTimeouts.Token();
        await using var peer = await PeerAgent.StartAsync("v03", "alpha", "summarize", "answer", ct);
        using var http = new HttpClient();
        var client = new A2AClient(http);
        var card = await client.GetAgentCardAsync(peer.CardUrl, cancellationToken: ct);

        var error = await Assert.ThrowsAsync<A2AClientException>(() => client.GetTaskAsync(card, "no-such-task", cancellationToken: ct));

        Assert.Equal(A2AErrorCodes.TaskNotFound, error.Code);
        Assert.Contains("tasks/get failed", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("file:///etc/passwd", "scheme 'file'")]
    [InlineData("ftp://example.com/card.json", "scheme 'ftp'")]
    [InlineData("not a url", "not an absolute URL")]
    public async Task GetAgentCard_NonHttpUrl_IsRefusedBeforeAnyRequest(string url, string expected)
    {
        using var http = new HttpClient();
        var client = new A2AClient(http);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.GetAgentCardAsync(url, cancellationToken: TestTimeouts.Token()));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAgentCard_NothingListening_FailsNamingThePeer()
    {
        var port = ServerProcess.FreePort();
        using var http = new HttpClient();
        var client = new A2AClient(http);

        var error = await Assert.ThrowsAsync<A2AClientException>(() => client.GetAgentCardAsync($"http://127.0.0.1:{port}/", cancellationToken: TestTimeouts.Token()));

        Assert.Contains($"http://127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
        Assert.Contains("fetch agent card failed: could not reach it", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(A2AFamily.V1)]
    [InlineData(A2AFamily.V03)]
    public async Task SendAndStream_OurOwnServer_RemembersThenRecallsInEitherFamily(A2AFamily family)
    {
        var ct = TestTimeouts.Token();
        await using var server = await HttpServer.StartAsync(_temp.Path, cancellationToken: ct);
        using var http = new HttpClient();
        var client = new A2AClient(http);
        var read = await client.GetAgentCardAsync(server.BaseUri.ToString(), cancellationToken: ct);
        var card = read with { Family = family };
        var remember = new A2AMessage
        {
            MessageId = Guid.NewGuid().ToString("N"),
            Role = A2AMessage.UserRole,
            Parts = [A2APart.FromData(System.Text.Json.JsonDocument.Parse("""{"skill":"remember","episodes":[{"text":"The Scilly ferry leaves Penzance at 09:15","speaker":"carol"}]}""").RootElement.Clone())],
        };

        var remembered = await client.SendMessageAsync(card, remember, cancellationToken: ct);
        var recalled = await client.SendMessageAsync(card, Text("When does the ferry leave Penzance?"), cancellationToken: ct);
        var streamed = new List<A2APeerEvent>();
        await foreach (var update in client.StreamMessageAsync(card, Text("ferry"), cancellationToken: ct))
        {
            streamed.Add(update);
        }

        Assert.Equal(A2AFamily.V1, read.Family);
        Assert.Equal(new Uri(server.BaseUri, "/a2a"), read.Endpoint);
        Assert.Equal(["recall", "remember", "ingest", "documents", "knowledge", "stats"], read.Skills.Select(s => s.Id));
        Assert.Equal(A2ATaskState.Completed, remembered.Task!.Status.State);
        Assert.Equal(A2ATaskState.Completed, recalled.Task!.Status.State);
        Assert.Contains("1. carol: The Scilly ferry leaves Penzance at 09:15", recalled.Task.Artifacts[0].Parts[0].Text, StringComparison.Ordinal);
        Assert.Equal("The Scilly ferry leaves Penzance at 09:15", recalled.Task.Artifacts[0].Parts[1].Data!.Value.GetProperty("hits")[0].GetProperty("text").GetString());
        Assert.Equal([A2ATaskState.Submitted, A2ATaskState.Working, null, A2ATaskState.Completed], streamed.Select(e => e.State));
        Assert.NotNull(streamed[2].Artifact);
    }

    // Our client against our own server's REST binding (the interface its card lists as HTTP+JSON 1.0).
    [Fact]
    public async Task SendStreamAndGet_OurOwnServerOverRest_RemembersRecallsAndNamesAnUnknownTask()
    {
        var ct = TestTimeouts.Token();
        await using var server = await HttpServer.StartAsync(_temp.Path, cancellationToken: ct);
        using var http = new HttpClient();
        var client = new A2AClient(http);
        var read = await client.GetAgentCardAsync(server.BaseUri.ToString(), cancellationToken: ct);
        using var cardJson = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(new Uri(server.BaseUri, A2AClient.WellKnownCardPath), ct));
        var rest = cardJson.RootElement.GetProperty("supportedInterfaces").EnumerateArray().Single(i => i.GetProperty("protocolBinding").GetString() == "HTTP+JSON").GetProperty("url").GetString()!;
        var card = read with { Binding = A2ABinding.HttpJson, Endpoint = new Uri(rest) };
        var remember = new A2AMessage
        {
            MessageId = Guid.NewGuid().ToString("N"),
            Role = A2AMessage.UserRole,
            Parts = [A2APart.FromData(System.Text.Json.JsonDocument.Parse("""{"skill":"remember","episodes":[{"text":"The Scilly ferry leaves Penzance at 09:15","speaker":"carol"}]}""").RootElement.Clone())],
        };

        var remembered = await client.SendMessageAsync(card, remember, cancellationToken: ct);
        var streamed = new List<A2APeerEvent>();
        await foreach (var update in client.StreamMessageAsync(card, Text("When does the ferry leave Penzance?"), cancellationToken: ct))
        {
            streamed.Add(update);
        }

        var got = await client.GetTaskAsync(card, streamed[0].TaskId!, cancellationToken: ct);
        var error = await Assert.ThrowsAsync<A2AClientException>(() => client.GetTaskAsync(card, "no-such-task", cancellationToken: ct));

        Assert.Equal(A2ATaskState.Completed, remembered.Task!.Status.State);
        Assert.Equal([A2ATaskState.Submitted, A2ATaskState.Working, null, A2ATaskState.Completed], streamed.Select(e => e.State));
        Assert.Contains("1. carol: The Scilly ferry leaves Penzance at 09:15", streamed[2].Artifact!.Parts[0].Text, StringComparison.Ordinal);
        Assert.Equal(A2ATaskState.Completed, got.Status.State);
        Assert.Contains("1. carol: The Scilly ferry leaves Penzance at 09:15", got.Artifacts[0].Parts[0].Text, StringComparison.Ordinal);
        Assert.Equal(A2AErrorCodes.TaskNotFound, error.Code);
        Assert.Contains("GET /tasks/{id} failed: the peer answered HTTP 404 Not Found TASK_NOT_FOUND (error -32001)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAgentCard_FromAServerThatSendsWithoutEnd_StopsAtTheCapWithAnErrorNamingIt()
    {
        using var listener = new System.Net.HttpListener();
        var port = ServerProcess.FreePort();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var sent = 0L;
        async Task ServeEndlessAsync()
        {
            var context = await listener.GetContextAsync();
            context.Response.ContentType = "application/json";
            context.Response.SendChunked = true;
            var chunk = new byte[64 * 1024];
            Array.Fill(chunk, (byte)' ');
            try
            {
                while (sent < 1L << 31)
                {
                    await context.Response.OutputStream.WriteAsync(chunk, TestContext.Current.CancellationToken);
                    sent += chunk.Length;
                }
            }
            catch (Exception e) when (e is System.Net.HttpListenerException or IOException or ObjectDisposedException)
            {
                // The client hung up, as it should.
            }
        }

        var serving = Task.Run(ServeEndlessAsync, TestContext.Current.CancellationToken);
        using var http = new HttpClient();
        var client = new A2AClient(http);

        var error = await Assert.ThrowsAsync<A2AClientException>(() => client.GetAgentCardAsync($"http://127.0.0.1:{port}/.well-known/agent-card.json", TimeSpan.FromSeconds(60), TestTimeouts.Token()));
        listener.Stop();
        await serving.WaitAsync(TimeSpan.FromSeconds(30), TestTimeouts.Token());

        Assert.Contains("its answer is larger than 16777216 bytes", error.Message, StringComparison.Ordinal);
        Assert.True(sent < 256L * 1024 * 1024, $"the client let the peer send {sent} bytes before it stopped reading");
    }

    [Fact]
    public async Task GetAgentCard_ANameThatIsNoSingleLine_OrARedirect_IsRefusedSayingWhy()
    {
        using var listener = new System.Net.HttpListener();
        var port = ServerProcess.FreePort();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        async Task ServeAsync(int requests)
        {
            for (var i = 0; i < requests; i++)
            {
                var context = await listener.GetContextAsync();
                var name = context.Request.Url!.AbsolutePath switch
                {
                    "/newline" => "evil\nname",
                    "/long" => new string('n', 201),
                    _ => null,
                };
                if (name is null)
                {
                    context.Response.StatusCode = 302;
                    context.Response.RedirectLocation = "/elsewhere/card.json";
                }
                else
                {
                    var body = System.Text.Encoding.UTF8.GetBytes($$"""{"name":{{System.Text.Json.JsonSerializer.Serialize(name)}},"protocolVersion":"0.3.0","url":"http://127.0.0.1:{{port}}/a2a"}""");
                    context.Response.ContentType = "application/json";
                    await context.Response.OutputStream.WriteAsync(body, TestContext.Current.CancellationToken);
                }

                context.Response.Close();
            }
        }

        var serving = Task.Run(() => ServeAsync(3), TestContext.Current.CancellationToken);
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        var client = new A2AClient(http);

        var newline = await Assert.ThrowsAsync<A2AClientException>(() => client.GetAgentCardAsync($"http://127.0.0.1:{port}/newline", cancellationToken: TestTimeouts.Token()));
        var tooLong = await Assert.ThrowsAsync<A2AClientException>(() => client.GetAgentCardAsync($"http://127.0.0.1:{port}/long", cancellationToken: TestTimeouts.Token()));
        var moved = await Assert.ThrowsAsync<A2AClientException>(() => client.GetAgentCardAsync($"http://127.0.0.1:{port}/moved", cancellationToken: TestTimeouts.Token()));
        await serving.WaitAsync(TimeSpan.FromSeconds(30), TestTimeouts.Token());

        Assert.Contains("gives a name of 9 characters with control characters (such as a line break); an agent's name must be one line of at most 200 characters", newline.Message, StringComparison.Ordinal);
        Assert.Contains("gives a name of 201 characters;", tooLong.Message, StringComparison.Ordinal);
        Assert.Contains($"HTTP 302 Found from http://127.0.0.1:{port}/moved, a redirect to http://127.0.0.1:{port}/elsewhere/card.json: redirects are not followed", moved.Message, StringComparison.Ordinal);
    }
}
