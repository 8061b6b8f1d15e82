using System.Text.Json;
using McpMemory.A2A.Client;
using McpMemory.A2A.Protocol;
using McpMemory.Tests.Support;
using ModelContextProtocol;

namespace McpMemory.Tests.A2A;

/// <summary>
/// The agents toolset through the MCP SDK's client against a real <c>serve --http</c> process, driving real A2A
/// agents written with the reference JavaScript SDK (<c>tools/interop/a2a-peer.mjs</c>, 1.3.0 and 0.3.14).
/// </summary>
public sealed class AgentToolsTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static IEnumerable<string?> Strings(JsonElement array, string property) => array.EnumerateArray().Select(e => e.GetProperty(property).GetString());

    [Fact]
    public async Task AgentRegister_JsSdkPeersOfBothVersions_AreListedAndRememberedAcrossRestart()
    {
        var ct = TestTimeouts.Token();
        await using var alpha = await PeerAgent.StartAsync("v1", "alpha", "summarize,translate", "answer", ct);
        await using var beta = await PeerAgent.StartAsync("v03", "beta", "summarize", "answer", ct);
        var data = _temp.Combine("data");
        JsonElement registered, before;
        await using (var server = await HttpServer.StartAsync(data, cancellationToken: ct))
        await using (var client = await server.ConnectAsync(cancellationToken: ct))
        {
            registered = await client.CallAsync("agent_register", new() { ["url"] = alpha.BaseUri.ToString(), ["capacity"] = 2 }, ct);
            await client.CallAsync("agent_register", new() { ["url"] = beta.CardUrl }, ct);
            before = await client.CallAsync("agent_list", [], ct);
        }

        await using var restarted = await HttpServer.StartAsync(data, cancellationToken: ct);
        await using var again = await restarted.ConnectAsync(cancellationToken: ct);
        var after = await again.CallAsync("agent_list", [], ct);
        var updated = await again.CallAsync("agent_register", new() { ["url"] = alpha.CardUrl, ["capacity"] = 3 }, ct);

        Assert.Equal("added", registered.GetProperty("outcome").GetString());
        Assert.Equal(new Uri(alpha.BaseUri, "/a2a").ToString(), registered.GetProperty("agent").GetProperty("endpoint").GetString());
        var agents = before.GetProperty("agents");
        Assert.Equal(["alpha", "beta"], Strings(agents, "name"));
        Assert.Equal(["1.0", "0.3"], Strings(agents, "protocol_version"));
        Assert.Equal(["summarize", "translate"], Strings(agents[0].GetProperty("skills"), "id"));
        Assert.Equal(["summarize"], Strings(agents[1].GetProperty("skills"), "id"));
        Assert.Equal([2, 4], agents.EnumerateArray().Select(a => a.GetProperty("capacity").GetInt32()));
        Assert.All(agents.EnumerateArray(), a => Assert.Equal(0, a.GetProperty("in_flight").GetInt32()));
        Assert.All(agents.EnumerateArray(), a => Assert.Equal(JsonValueKind.String, a.GetProperty("last_seen").ValueKind));
        Assert.Equal(before.GetProperty("agents").GetRawText(), after.GetProperty("agents").GetRawText());
        Assert.Equal("updated", updated.GetProperty("outcome").GetString());
        Assert.Equal(3, updated.GetProperty("agent").GetProperty("capacity").GetInt32());
        Assert.True(File.Exists(Path.Combine(data, "agents", "peers.json")));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(data, "agents", "peers.json")));
        }
    }

    [Fact]
    public async Task AgentFanOut_TellsTheAgentTheSkill_SoThisServerRegisteredAsItsOwnPeerRunsStatsAndKnowledgeNotRecall()
    {
        var ct = TestTimeouts.Token();
        await using var server = await HttpServer.StartAsync(_temp.Path, cancellationToken: ct);
        await using var client = await server.ConnectAsync(cancellationToken: ct);
        await client.CallAsync("create_entities", new() { ["entities"] = new[] { new Dictionary<string, object?> { ["name"] = "Morwenna", ["entityType"] = "person", ["observations"] = new[] { "Harbour master of the island." } } } }, ct);
        await client.CallAsync("agent_register", new() { ["url"] = server.BaseUri.ToString() }, ct);

        var tasks = JsonSerializer.SerializeToElement(new object[]
        {
            new { skill = "stats", text = "how many records?" },
            new { skill = "knowledge", data = new { query = "harbour master", waitForEmbeddings = true } },
        });
        var fanned = await client.CallAsync("agent_fan_out", new() { ["tasks"] = tasks }, ct);
        var sent = await client.CallAsync("agent_send", new() { ["agent"] = "mcp-memory", ["text"] = "anything about the harbour" }, ct);
        var listed = await client.CallAsync("agent_list", [], ct);
        foreach (var (tool, result) in new[] { ("agent_fan_out", fanned), ("agent_send", sent), ("agent_list", listed) })
        {
            await OutputSchemas.AssertMatchesAsync(client, tool, result, ct);
        }

        var results = fanned.GetProperty("results");
        Assert.Equal(2, fanned.GetProperty("completed").GetInt32());
        Assert.Contains("namespace(s):", results[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("Morwenna (person)", results[1].GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task APeerThatDiesMidAnswer_IsAnUnavailableErrorForAgentSend_AndAFailedTryThatFanOutRetriesElsewhere()
    {
        var ct = TestTimeouts.Token();
        var doomed = await PeerAgent.StartAsync("v1", "doomed", "dskill", "slow", ct, steps: 100);
        var doomedToo = await PeerAgent.StartAsync("v1", "zombie", "dskill", "slow", ct, steps: 100);
        await using var fine = await PeerAgent.StartAsync("v1", "fine", "dskill", "answer", ct);
        await using var server = await HttpServer.StartAsync(_temp.Path, cancellationToken: ct);
        await using var client = await server.ConnectAsync(cancellationToken: ct);
        foreach (var peer in new[] { doomed, doomedToo, fine })
        {
            await client.CallAsync("agent_register", new() { ["url"] = peer.CardUrl, ["capacity"] = 1 }, ct);
        }

        var sending = client.CallExpectingErrorAsync("agent_send", new() { ["agent"] = "zombie", ["text"] = "work", ["timeout_seconds"] = 60 }, ct);
        var fanning = client.CallAsync("agent_fan_out", new() { ["tasks"] = JsonSerializer.SerializeToElement(new[] { new { skill = "dskill", text = "the job" } }) }, ct);
        await WaitUntilAsync(async () => (await client.CallAsync("agent_list", [], ct)).GetProperty("agents").EnumerateArray().All(a => a.GetProperty("name").GetString() == "fine" || a.GetProperty("in_flight").GetInt32() == 1), ct);
        await Task.Delay(500, ct); // both are working on it
        await doomed.DisposeAsync();
        await doomedToo.DisposeAsync();
        var error = await sending;
        var fanned = await fanning;
        await OutputSchemas.AssertMatchesAsync(client, "agent_fan_out", fanned, ct);

        Assert.Contains("zombie", error, StringComparison.Ordinal);
        Assert.Contains("the connection broke while it answered", error, StringComparison.Ordinal);
        var result = fanned.GetProperty("results")[0];
        Assert.Equal("completed", result.GetProperty("state").GetString());
        Assert.Equal("fine did: the job", result.GetProperty("text").GetString());
        Assert.Equal(["doomed", "fine"], Strings(result.GetProperty("attempts"), "agent"));
        Assert.Equal("error", result.GetProperty("attempts")[0].GetProperty("outcome").GetString());
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, CancellationToken cancellationToken)
    {
        for (var i = 0; i < 200 && !await condition(); i++)
        {
            await Task.Delay(50, cancellationToken);
        }
    }

    [Fact]
    public async Task AgentSendAndFanOut_DataThatIsNoObject_OrNothingToSend_AreRefusedNamingTheField()
    {
        var ct = TestTimeouts.Token();
        await using var alpha = await PeerAgent.StartAsync("v1", "alpha", "summarize", "answer", ct);
        await using var server = await HttpServer.StartAsync(_temp.Path, cancellationToken: ct);
        await using var client = await server.ConnectAsync(cancellationToken: ct);
        await client.CallAsync("agent_register", new() { ["url"] = alpha.CardUrl }, ct);

        var array = await client.CallExpectingErrorAsync("agent_send", new() { ["agent"] = "alpha", ["data"] = JsonSerializer.SerializeToElement(new[] { 1, 2 }) }, ct);
        var empty = await client.CallExpectingErrorAsync("agent_fan_out", new() { ["tasks"] = JsonSerializer.SerializeToElement(new object[] { new { skill = "summarize", text = "fine" }, new { skill = "summarize" } }) }, ct);
        var text = await client.CallExpectingErrorAsync("agent_fan_out", new() { ["tasks"] = JsonSerializer.SerializeToElement(new object[] { new { skill = "summarize", data = "just text" } }) }, ct);
        var sent = await client.CallAsync("agent_send", new() { ["agent"] = "alpha", ["data"] = JsonSerializer.SerializeToElement(new { query = "harbour" }) }, ct);

        Assert.Contains("'data' is an array: give a JSON object", array, StringComparison.Ordinal);
        Assert.Contains("Nothing to send in tasks[1]: give 'tasks[1].text'", empty, StringComparison.Ordinal);
        Assert.Contains("'tasks[0].data' is a string: give a JSON object", text, StringComparison.Ordinal);
        Assert.All([array, empty, text], e => Assert.Contains("[invalid_argument]", e, StringComparison.Ordinal));
        Assert.Equal("completed", sent.GetProperty("state").GetString());
    }

    [Fact]
    public async Task AgentRegister_ACardFromAnotherUrlGivingANameTaken_IsRefusedUnlessReplace()
    {
        var ct = TestTimeouts.Token();
        await using var first = await PeerAgent.StartAsync("v1", "twin", "summarize", "answer", ct);
        await using var second = await PeerAgent.StartAsync("v03", "twin", "summarize", "answer", ct);
        await using var server = await HttpServer.StartAsync(_temp.Path, cancellationToken: ct);
        await using var client = await server.ConnectAsync(cancellationToken: ct);

        await client.CallAsync("agent_register", new() { ["url"] = first.CardUrl }, ct);
        var refreshed = await client.CallAsync("agent_register", new() { ["url"] = first.BaseUri.ToString() }, ct);
        var refused = await client.CallExpectingErrorAsync("agent_register", new() { ["url"] = second.CardUrl }, ct);
        var kept = await client.CallAsync("agent_list", [], ct);
        var replaced = await client.CallAsync("agent_register", new() { ["url"] = second.CardUrl, ["replace"] = true }, ct);

        Assert.Equal("updated", refreshed.GetProperty("outcome").GetString());
        Assert.Contains($"An agent named 'twin' is already registered, from {first.CardUrl}; the card at {second.CardUrl} gives the same name. Give replace=true", refused, StringComparison.Ordinal);
        Assert.Equal([first.CardUrl], Strings(kept.GetProperty("agents"), "card_url"));
        Assert.Equal(("updated", second.CardUrl), (replaced.GetProperty("outcome").GetString(), replaced.GetProperty("agent").GetProperty("card_url").GetString()));
    }

    [Fact]
    public async Task AgentRegister_AnAgentWhoseCardAsksForCredentials_NeedsATokenThatIsThenSentButNeverShown()
    {
        var ct = TestTimeouts.Token();
        var config = _temp.Combine("config.json");
        await File.WriteAllTextAsync(config, """{ "McpMemory": { "Principals": { "alice": { "DefaultNamespace": "alice" } }, "Http": { "Tokens": { "token-alice": "alice" } } } }""", ct);
        await using var server = await HttpServer.StartAsync(_temp.Combine("data"), config, ct);
        await using var client = await server.ConnectAsync(token: "token-alice", cancellationToken: ct);

        var refused = await client.CallExpectingErrorAsync("agent_register", new() { ["url"] = server.BaseUri.ToString() }, ct);
        var registered = await client.CallAsync("agent_register", new() { ["url"] = server.BaseUri.ToString(), ["token"] = "token-alice" }, ct);
        var refreshed = await client.CallAsync("agent_register", new() { ["url"] = server.BaseUri.ToString() }, ct);
        var sent = await client.CallAsync("agent_send", new() { ["agent"] = "mcp-memory", ["text"] = "anything about the harbour" }, ct);
        var listed = await client.CallAsync("agent_list", [], ct);

        Assert.Contains("says that calls need credentials (its security requirements): give its bearer token with 'token'", refused, StringComparison.Ordinal);
        Assert.True(registered.GetProperty("agent").GetProperty("sends_token").GetBoolean());
        Assert.True(refreshed.GetProperty("agent").GetProperty("sends_token").GetBoolean(), "refreshing the card keeps the token");
        Assert.Equal("completed", sent.GetProperty("state").GetString());
        Assert.DoesNotContain("token-alice", registered.GetRawText() + listed.GetRawText(), StringComparison.Ordinal);
        Assert.Contains("token-alice", await File.ReadAllTextAsync(Path.Combine(_temp.Combine("data"), "agents", "peers.json"), ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AgentRemove_ForgetsTheAgentAcrossRestart_AndAnUnknownNameIsAClearError()
    {
        var ct = TestTimeouts.Token();
        await using var alpha = await PeerAgent.StartAsync("v1", "alpha", "summarize", "answer", ct);
        await using var beta = await PeerAgent.StartAsync("v1", "beta", "summarize", "answer", ct);
        var data = _temp.Combine("data");
        JsonElement removed;
        string again, send;
        await using (var server = await HttpServer.StartAsync(data, cancellationToken: ct))
        await using (var client = await server.ConnectAsync(cancellationToken: ct))
        {
            await client.CallAsync("agent_register", new() { ["url"] = alpha.CardUrl }, ct);
            await client.CallAsync("agent_register", new() { ["url"] = beta.CardUrl }, ct);
            removed = await client.CallAsync("agent_remove", new() { ["agent"] = "ALPHA" }, ct);
            await OutputSchemas.AssertMatchesAsync(client, "agent_remove", removed, ct);
            again = await client.CallExpectingErrorAsync("agent_remove", new() { ["agent"] = "alpha" }, ct);
            send = await client.CallExpectingErrorAsync("agent_send", new() { ["agent"] = "alpha", ["text"] = "hello" }, ct);
        }

        await using var restarted = await HttpServer.StartAsync(data, cancellationToken: ct);
        await using var after = await restarted.ConnectAsync(cancellationToken: ct);
        var listed = await after.CallAsync("agent_list", [], ct);
        var fanned = await after.CallAsync("agent_fan_out", new() { ["tasks"] = JsonSerializer.SerializeToElement(new[] { new { skill = "summarize", text = "one" } }) }, ct);

        Assert.Equal("removed", removed.GetProperty("outcome").GetString());
        Assert.Equal("alpha", removed.GetProperty("agent").GetProperty("name").GetString());
        Assert.Contains("No agent is registered as 'alpha'. Registered agents: beta.", again, StringComparison.Ordinal);
        Assert.Contains("No agent is registered as 'alpha'", send, StringComparison.Ordinal);
        Assert.Equal(["beta"], Strings(listed.GetProperty("agents"), "name"));
        Assert.Equal("beta", fanned.GetProperty("results")[0].GetProperty("agent").GetString());
    }

    [Fact]
    public async Task AgentsAllowedUrls_AnAgentOutsideThemIsRefused_AndAnEntryThatIsNoUrlStopsTheServerAtStart()
    {
        var ct = TestTimeouts.Token();
        await using var inside = await PeerAgent.StartAsync("v1", "inside", "summarize", "answer", ct);
        await using var outside = await PeerAgent.StartAsync("v1", "outside", "summarize", "answer", ct);
        var config = _temp.Combine("config.json");
        await File.WriteAllTextAsync(config, $$"""{ "McpMemory": { "Agents": { "AllowedUrls": ["{{inside.BaseUri}}"] } } }""", ct);
        var bad = _temp.Combine("bad.json");
        await File.WriteAllTextAsync(bad, """{ "McpMemory": { "Agents": { "AllowedUrls": ["169.254.169.254"] } } }""", ct);

        await using var server = await HttpServer.StartAsync(_temp.Combine("data"), config, ct);
        await using var client = await server.ConnectAsync(cancellationToken: ct);
        var allowed = await client.CallAsync("agent_register", new() { ["url"] = inside.CardUrl }, ct);
        var refused = await client.CallExpectingErrorAsync("agent_register", new() { ["url"] = outside.CardUrl }, ct);
        var listed = await client.CallAsync("agent_list", [], ct);
        var (exitCode, _, stderr) = await ServerProcess.RunAsync(["serve", "--http", "--urls", $"http://127.0.0.1:{ServerProcess.FreePort()}", "--data-dir", _temp.Combine("other"), "--config", bad], cancellationToken: ct);

        Assert.Equal("added", allowed.GetProperty("outcome").GetString());
        Assert.Contains($"The agent card URL '{outside.CardUrl}' is not under an allowed URL: this server only calls agents under {inside.BaseUri}", refused, StringComparison.Ordinal);
        Assert.Contains("McpMemory:Agents:AllowedUrls", refused, StringComparison.Ordinal);
        Assert.Equal(["inside"], Strings(listed.GetProperty("agents"), "name"));
        Assert.NotEqual(0, exitCode);
        Assert.Contains("McpMemory:Agents:AllowedUrls has '169.254.169.254'", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("file:///etc/passwd", "only http and https agent URLs are accepted")]
    [InlineData("javascript:alert(1)", "only http and https agent URLs are accepted")]
    public async Task AgentRegister_NonHttpUrl_IsRefusedWithAClearError(string url, string expected)
    {
        var ct = TestTimeouts.Token();
        await using var server = await HttpServer.StartAsync(_temp.Path, cancellationToken: ct);
        await using var client = await server.ConnectAsync(cancellationToken: ct);

        var error = await client.CallExpectingErrorAsync("agent_register", new() { ["url"] = url }, ct);
        var list = await client.CallAsync("agent_list", [], ct);

        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Contains("[invalid_argument]", error, StringComparison.Ordinal);
        Assert.Equal(0, list.GetProperty("agents").GetArrayLength());
    }

    [Fact]
    public async Task AgentSend_PeersFileEditedToANonHttpEndpoint_IsRefusedWithoutCallingIt()
    {
        var ct = TestTimeouts.Token();
        var data = _temp.Combine("data");
        Directory.CreateDirectory(Path.Combine(data, "agents"));
        await File.WriteAllTextAsync(Path.Combine(data, "agents", "peers.json"), """
            [{"name":"evil","card_url":"http://127.0.0.1:9/.well-known/agent-card.json","endpoint":"file:///etc/passwd","protocol_version":"1.0","streaming":false,"skills":[],"capacity":1,"registered_at":"2026-01-01T00:00:00Z"}]
            """, ct);
        await using var server = await HttpServer.StartAsync(data, cancellationToken: ct);
        await using var client = await server.ConnectAsync(cancellationToken: ct);

        var list = await client.CallAsync("agent_list", [], ct);
        var error = await client.CallExpectingErrorAsync("agent_send", new() { ["agent"] = "evil", ["text"] = "hello" }, ct);

        Assert.Equal("evil", list.GetProperty("agents")[0].GetProperty("name").GetString());
        Assert.Contains("Agent 'evil' has the endpoint 'file:///etc/passwd' in agents/peers.json, which is not an http or https URL", error, StringComparison.Ordinal);
        Assert.Contains("[invalid_argument]", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v03")]
    public async Task AgentSend_JsSdkPeer_WaitsOrStreamsProgressAndWritesTheAnswerIntoANamespace(string family)
    {
        var ct = TestTimeouts.Token();
        await using var alpha = await PeerAgent.StartAsync(family, "alpha", "summarize", "answer", ct);
        await using var server = await HttpServer.StartAsync(_temp.Path, cancellationToken: ct);
        await using var client = await server.ConnectAsync(cancellationToken: ct);
        await client.CallAsync("agent_register", new() { ["url"] = alpha.CardUrl }, ct);

        var waited = await client.CallAsync("agent_send", new() { ["agent"] = "alpha", ["text"] = "summarise the harbour log" }, ct);
        var progress = new Collected();
        var streamed = await client.CallAsync("agent_send", new() { ["agent"] = "alpha", ["text"] = "count the boats", ["stream"] = true, ["write_namespace"] = "team" }, ct, progress);
        var shared = await client.CallAsync("episode_list", new() { ["namespace"] = "team" }, ct);
        await progress.WaitForAsync(4);

        Assert.Equal("completed", waited.GetProperty("state").GetString());
        Assert.Equal("alpha did: summarise the harbour log", waited.GetProperty("text").GetString());
        Assert.Equal("alpha is done", waited.GetProperty("status_message").GetString());
        Assert.Equal(0, waited.GetProperty("updates").GetInt32());
        Assert.Equal(0, waited.GetProperty("written_ids").GetArrayLength());
        Assert.Equal("completed", streamed.GetProperty("state").GetString());
        Assert.Equal("alpha did: count the boats", streamed.GetProperty("text").GetString());
        Assert.Equal(4, streamed.GetProperty("updates").GetInt32());
        var taskId = streamed.GetProperty("task_id").GetString();
        Assert.Equal(
            [$"alpha task {taskId}: submitted", $"alpha task {taskId}: working: alpha is working on it", $"alpha task {taskId}: artifact answer", $"alpha task {taskId}: completed: alpha is done"],
            progress.Messages);
        Assert.Equal("team", streamed.GetProperty("written_namespace").GetString());
        var episode = Assert.Single(shared.GetProperty("episodes").EnumerateArray());
        Assert.Equal(streamed.GetProperty("written_ids")[0].GetString(), episode.GetProperty("id").GetString());
        Assert.Equal("alpha did: count the boats", episode.GetProperty("text").GetString());
        Assert.Equal("alpha", episode.GetProperty("speaker").GetString());
    }

    [Fact]
    public async Task AgentSend_RestOnlyJsSdkPeer_IsListedWithItsBindingAndAnswersBlockingAndStreamed()
    {
        var ct = TestTimeouts.Token();
        await using var alpha = await PeerAgent.StartAsync("v1rest", "alpha", "summarize", "answer", ct);
        await using var server = await HttpServer.StartAsync(_temp.Path, cancellationToken: ct);
        await using var client = await server.ConnectAsync(cancellationToken: ct);
        await client.CallAsync("agent_register", new() { ["url"] = alpha.CardUrl }, ct);

        var list = await client.CallAsync("agent_list", [], ct);
        var waited = await client.CallAsync("agent_send", new() { ["agent"] = "alpha", ["text"] = "summarise the harbour log" }, ct);
        var streamed = await client.CallAsync("agent_send", new() { ["agent"] = "alpha", ["text"] = "count the boats", ["stream"] = true }, ct);

        var agent = list.GetProperty("agents")[0];
        Assert.Equal("HTTP+JSON", agent.GetProperty("binding").GetString());
        Assert.Equal(new Uri(alpha.BaseUri, "/rest").ToString(), agent.GetProperty("endpoint").GetString());
        Assert.Equal("1.0", agent.GetProperty("protocol_version").GetString());
        Assert.Equal("completed", waited.GetProperty("state").GetString());
        Assert.Equal("alpha did: summarise the harbour log", waited.GetProperty("text").GetString());
        Assert.Equal("completed", streamed.GetProperty("state").GetString());
        Assert.Equal("alpha did: count the boats", streamed.GetProperty("text").GetString());
        // Submitted, working, the artifact, completed: the REST stream's four events (relayed as progress with stream=true).
        Assert.Equal(4, streamed.GetProperty("updates").GetInt32());
    }

    // peers.json written before the client spoke REST has no 'binding': its peers are JSON-RPC peers.
    [Fact]
    public async Task AgentList_PeersFileWithoutBinding_LoadsAsJsonRpcAndSends()
    {
        var ct = TestTimeouts.Token();
        await using var alpha = await PeerAgent.StartAsync("v1", "alpha", "summarize", "answer", ct);
        var data = _temp.Combine("data");
        Directory.CreateDirectory(Path.Combine(data, "agents"));
        await File.WriteAllTextAsync(Path.Combine(data, "agents", "peers.json"), $$"""
            [{"name":"alpha","card_url":"{{alpha.CardUrl}}","endpoint":"{{new Uri(alpha.BaseUri, "/a2a")}}","protocol_version":"1.0","streaming":true,"skills":[{"id":"summarize","name":"summarize","description":null,"tags":["summarize"]}],"capacity":2,"registered_at":"2026-01-01T00:00:00Z"}]
            """, ct);
        await using var server = await HttpServer.StartAsync(data, cancellationToken: ct);
        await using var client = await server.ConnectAsync(cancellationToken: ct);

        var list = await client.CallAsync("agent_list", [], ct);
        var sent = await client.CallAsync("agent_send", new() { ["agent"] = "alpha", ["text"] = "hello" }, ct);

        Assert.Equal("JSONRPC", list.GetProperty("agents")[0].GetProperty("binding").GetString());
        Assert.Equal("completed", sent.GetProperty("state").GetString());
        Assert.Equal("alpha did: hello", sent.GetProperty("text").GetString());
        Assert.Contains("\"binding\": \"JSONRPC\"", await File.ReadAllTextAsync(Path.Combine(data, "agents", "peers.json"), ct), StringComparison.Ordinal);
    }

    // The peer's question ends the call with input-required (its task open, not canceled); agent_send with the task_id answers it.
    [Theory]
    [InlineData("v1", false)]
    [InlineData("v1", true)]
    [InlineData("v03", false)]
    [InlineData("v03", true)]
    [InlineData("v1rest", true)]
    [InlineData("v03rest", false)]
    public async Task AgentSend_AskingPeer_ReturnsItsQuestionAndAFollowUpWithTaskIdCompletes(string family, bool stream)
    {
        var ct = TestTimeouts.Token();
        await using var asker = await PeerAgent.StartAsync(family, "asker", "summarize", "ask", ct);
        await using var server = await HttpServer.StartAsync(_temp.Path, cancellationToken: ct);
        await using var client = await server.ConnectAsync(cancellationToken: ct);
        await client.CallAsync("agent_register", new() { ["url"] = asker.CardUrl }, ct);

        var asked = await client.CallAsync("agent_send", new() { ["agent"] = "asker", ["text"] = "the harbour log", ["stream"] = stream, ["write_namespace"] = "team" }, ct);
        var taskId = asked.GetProperty("task_id").GetString();
        var open = await PeerTaskStateAsync(asker, taskId!, ct);
        var answered = await client.CallAsync("agent_send", new() { ["agent"] = "asker", ["text"] = "the ferry times", ["stream"] = stream, ["task_id"] = taskId, ["context_id"] = asked.GetProperty("context_id").GetString(), ["write_namespace"] = "team" }, ct);
        var shared = await client.CallAsync("episode_list", new() { ["namespace"] = "team" }, ct);
        var list = await client.CallAsync("agent_list", [], ct);

        Assert.Equal("input-required", asked.GetProperty("state").GetString());
        Assert.Equal("asker needs more: what else?", asked.GetProperty("status_message").GetString());
        Assert.Equal("", asked.GetProperty("text").GetString());
        Assert.Equal(0, asked.GetProperty("written_ids").GetArrayLength());
        Assert.Equal(A2ATaskState.InputRequired, open);
        Assert.Equal("completed", answered.GetProperty("state").GetString());
        Assert.Equal(taskId, answered.GetProperty("task_id").GetString());
        Assert.Equal(asked.GetProperty("context_id").GetString(), answered.GetProperty("context_id").GetString());
        Assert.Equal("asker did: the harbour log + the ferry times", answered.GetProperty("text").GetString());
        Assert.Equal("asker did: the harbour log + the ferry times", Assert.Single(shared.GetProperty("episodes").EnumerateArray()).GetProperty("text").GetString());
        Assert.Equal(0, list.GetProperty("agents")[0].GetProperty("in_flight").GetInt32());
    }

    [Fact]
    public async Task AgentSend_TaskIdOfAFinishedTask_FailsNamingThePeerAndWhatTaskIdMustBe()
    {
        var ct = TestTimeouts.Token();
        await using var alpha = await PeerAgent.StartAsync("v03", "alpha", "summarize", "answer", ct);
        await using var server = await HttpServer.StartAsync(_temp.Path, cancellationToken: ct);
        await using var client = await server.ConnectAsync(cancellationToken: ct);
        await client.CallAsync("agent_register", new() { ["url"] = alpha.CardUrl }, ct);
        var done = await client.CallAsync("agent_send", new() { ["agent"] = "alpha", ["text"] = "hello" }, ct);

        var error = await client.CallExpectingErrorAsync("agent_send", new() { ["agent"] = "alpha", ["text"] = "more", ["task_id"] = done.GetProperty("task_id").GetString() }, ct);
        var blank = await client.CallExpectingErrorAsync("agent_send", new() { ["agent"] = "alpha", ["text"] = "more", ["task_id"] = " " }, ct);

        Assert.Contains("A2A peer 'alpha'", error, StringComparison.Ordinal);
        Assert.Contains("is in a terminal state", error, StringComparison.Ordinal);
        Assert.Contains($"(task_id '{done.GetProperty("task_id").GetString()}' must name a task of 'alpha' that waits for input", error, StringComparison.Ordinal);
        Assert.Contains("[unavailable]", error, StringComparison.Ordinal);
        Assert.Contains("'task_id' is blank", blank, StringComparison.Ordinal);
        Assert.Contains("[invalid_argument]", blank, StringComparison.Ordinal);
    }

    // A sub-task whose agent asks for input is not retried on another agent: it fails naming the question, and the
    // agent's task stays open for agent_send to answer.
    [Fact]
    public async Task AgentFanOut_AgentAsksForInput_FailsAsInputRequiredWithoutRetryAndCanBeAnswered()
    {
        var ct = TestTimeouts.Token();
        await using var asker = await PeerAgent.StartAsync("v1", "asker", "summarize", "ask", ct);
        await using var other = await PeerAgent.StartAsync("v03", "other", "summarize", "answer", ct);
        await using var server = await HttpServer.StartAsync(_temp.Path, cancellationToken: ct);
        await using var client = await server.ConnectAsync(cancellationToken: ct);
        await client.CallAsync("agent_register", new() { ["url"] = asker.CardUrl }, ct);
        await client.CallAsync("agent_register", new() { ["url"] = other.CardUrl }, ct);

        var tasks = JsonSerializer.SerializeToElement(new[] { new { skill = "summarize", text = "the harbour log" } });
        var fanned = await client.CallAsync("agent_fan_out", new() { ["tasks"] = tasks }, ct);
        var result = fanned.GetProperty("results")[0];
        var answered = await client.CallAsync("agent_send", new() { ["agent"] = "asker", ["text"] = "the ferry times", ["task_id"] = result.GetProperty("task_id").GetString(), ["context_id"] = result.GetProperty("context_id").GetString() }, ct);

        Assert.Equal("failed", result.GetProperty("state").GetString());
        Assert.Equal("asker", result.GetProperty("agent").GetString());
        Assert.Equal("input-required: asker needs more: what else?", result.GetProperty("error").GetString());
        var attempt = Assert.Single(result.GetProperty("attempts").EnumerateArray());
        Assert.Equal("input-required", attempt.GetProperty("outcome").GetString());
        Assert.Equal(["tasks[0] (summarize): input-required: asker needs more: what else?"], fanned.GetProperty("failures").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal("completed", answered.GetProperty("state").GetString());
        Assert.Equal("asker did: the harbour log + the ferry times", answered.GetProperty("text").GetString());
    }

    // A peer that streams is called with a stream even when the caller only waits, so its task can be canceled.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AgentSend_SlowPeerPastTimeout_FailsNamingThePeerAndCancelsItsTask(bool stream)
    {
        var ct = TestTimeouts.Token();
        await using var sloth = await PeerAgent.StartAsync("v1", "sloth", "summarize", "slow", ct);
        await using var server = await HttpServer.StartAsync(_temp.Path, cancellationToken: ct);
        await using var client = await server.ConnectAsync(cancellationToken: ct);
        await client.CallAsync("agent_register", new() { ["url"] = sloth.CardUrl }, ct);

        var error = await client.CallExpectingErrorAsync("agent_send", new() { ["agent"] = "sloth", ["text"] = "a long job", ["stream"] = stream, ["timeout_seconds"] = 1 }, ct);
        var list = await client.CallAsync("agent_list", [], ct);

        Assert.Contains("A2A peer 'sloth'", error, StringComparison.Ordinal);
        Assert.Contains("SendStreamingMessage failed: no answer within 1 s", error, StringComparison.Ordinal);
        Assert.Contains("[unavailable]", error, StringComparison.Ordinal);
        var named = System.Text.RegularExpressions.Regex.Match(error, "Its task (\\S+) was asked to cancel\\.");
        Assert.True(named.Success, error);
        var task = await PeerTaskAsync(sloth, named.Groups[1].Value, ct);
        Assert.Equal(A2ATaskState.Canceled, task.Status.State);
        Assert.Empty(task.Artifacts);
        Assert.Equal(0, list.GetProperty("agents")[0].GetProperty("in_flight").GetInt32());
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v03")]
    public async Task AgentSend_CallCancelledByTheMcpClient_CancelsThePeersTask(string family)
    {
        var ct = TestTimeouts.Token();
        await using var sloth = await PeerAgent.StartAsync(family, "sloth", "summarize", "slow", ct);
        await using var server = await HttpServer.StartAsync(_temp.Path, cancellationToken: ct);
        await using var client = await server.ConnectAsync(cancellationToken: ct);
        await client.CallAsync("agent_register", new() { ["url"] = sloth.CardUrl }, ct);

        var progress = new Collected();
        using var caller = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var call = client.CallToolAsync("agent_send", new Dictionary<string, object?> { ["agent"] = "sloth", ["text"] = "a long job", ["stream"] = true }, progress, ServerProcess.ToolOptions, caller.Token).AsTask();
        await progress.Working.Task.WaitAsync(ct);
        await caller.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);

        var task = await PeerTaskAsync(sloth, progress.TaskId(), ct);
        Assert.Equal(A2ATaskState.Canceled, task.Status.State);
        Assert.StartsWith("sloth stopped at step ", task.Status.Message!.Parts[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AgentSend_UnknownAgent_NamesTheRegisteredOnes()
    {
        var ct = TestTimeouts.Token();
        await using var alpha = await PeerAgent.StartAsync("v1", "alpha", "summarize", "answer", ct);
        await using var server = await HttpServer.StartAsync(_temp.Path, cancellationToken: ct);
        await using var client = await server.ConnectAsync(cancellationToken: ct);
        await client.CallAsync("agent_register", new() { ["url"] = alpha.CardUrl }, ct);

        var error = await client.CallExpectingErrorAsync("agent_send", new() { ["agent"] = "gamma", ["text"] = "hello" }, ct);

        Assert.Contains("No agent is registered as 'gamma'. Registered agents: alpha.", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AgentFanOut_ThreePeersOneSlowOneFailing_RoutesBySkillAndLoadRetriesAndReturnsPartialResults()
    {
        var ct = TestTimeouts.Token();
        await using var fast = await PeerAgent.StartAsync("v1", "fast", "summarize,translate", "answer", ct);
        await using var sloth = await PeerAgent.StartAsync("v03", "sloth", "summarize", "slow", ct);
        await using var broken = await PeerAgent.StartAsync("v1", "broken", "translate,audit", "fail", ct);
        await using var server = await HttpServer.StartAsync(_temp.Path, cancellationToken: ct);
        await using var client = await server.ConnectAsync(cancellationToken: ct);
        foreach (var peer in (PeerAgent[])[fast, sloth, broken])
        {
            await client.CallAsync("agent_register", new() { ["url"] = peer.CardUrl, ["capacity"] = 1 }, ct);
        }

        var tasks = JsonSerializer.SerializeToElement(new[]
        {
            new { skill = "summarize", text = "the harbour log" },
            new { skill = "summarize", text = "the ferry times" },
            new { skill = "translate", text = "bonjour" },
            new { skill = "classify", text = "the catch" },
            new { skill = "audit", text = "the books" },
        });
        var progress = new Collected();
        var fanned = await client.CallAsync("agent_fan_out", new() { ["tasks"] = tasks, ["write_namespace"] = "team" }, ct, progress);
        var list = await client.CallAsync("agent_list", [], ct);
        var shared = await client.CallAsync("episode_list", new() { ["namespace"] = "team" }, ct);
        await progress.WaitForAsync(5);

        var results = fanned.GetProperty("results");
        // 0: fast and sloth are both idle; the tie goes by name.
        Assert.Equal("fast", results[0].GetProperty("agent").GetString());
        Assert.Equal("fast did: the harbour log", results[0].GetProperty("text").GetString());
        // 1: fast is busy (1 of 1), so the slow peer gets it, and it finishes.
        Assert.Equal("sloth", results[1].GetProperty("agent").GetString());
        Assert.Equal("sloth did: the ferry times", results[1].GetProperty("text").GetString());
        // 2: broken is the least loaded translator; it fails, and the task is retried on fast.
        Assert.Equal("completed", results[2].GetProperty("state").GetString());
        Assert.Equal("fast", results[2].GetProperty("agent").GetString());
        Assert.Equal(["broken", "fast"], Strings(results[2].GetProperty("attempts"), "agent"));
        Assert.Equal(["failed", "completed"], Strings(results[2].GetProperty("attempts"), "outcome"));
        Assert.Equal("its task ended failed: broken cannot do: bonjour", results[2].GetProperty("attempts")[0].GetProperty("error").GetString());
        // 3: nobody has the skill; 4: the only auditor fails and there is no other.
        Assert.Equal("failed", results[3].GetProperty("state").GetString());
        Assert.Equal("no registered agent has the skill 'classify'; the agents offer audit, summarize, translate", results[3].GetProperty("error").GetString());
        Assert.Equal(0, results[3].GetProperty("attempts").GetArrayLength());
        Assert.Equal("failed", results[4].GetProperty("state").GetString());
        Assert.Equal("every agent tried failed: broken: its task ended failed: broken cannot do: the books", results[4].GetProperty("error").GetString());
        Assert.Equal(3, fanned.GetProperty("completed").GetInt32());
        Assert.Equal(2, fanned.GetProperty("failed").GetInt32());
        Assert.True(fanned.GetProperty("partial").GetBoolean());
        Assert.Equal(
            ["tasks[3] (classify): no registered agent has the skill 'classify'; the agents offer audit, summarize, translate", "tasks[4] (audit): every agent tried failed: broken: its task ended failed: broken cannot do: the books"],
            fanned.GetProperty("failures").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(5, progress.Messages.Count);
        Assert.Contains("tasks[1] (summarize) completed by sloth", progress.Messages);
        Assert.All(list.GetProperty("agents").EnumerateArray(), a => Assert.Equal(0, a.GetProperty("in_flight").GetInt32()));
        Assert.Equal("team", fanned.GetProperty("written_namespace").GetString());
        Assert.Equal(
            ["fast did: bonjour", "fast did: the harbour log", "sloth did: the ferry times"],
            shared.GetProperty("episodes").EnumerateArray().Select(e => e.GetProperty("text").GetString()).Order(StringComparer.Ordinal));
    }

    // The peer's own view of a task: polled until it is final, since the peer winds down a canceled task on its own time.
    private static async Task<A2ATask> PeerTaskAsync(PeerAgent peer, string taskId, CancellationToken cancellationToken)
    {
        using var http = new HttpClient();
        var client = new A2AClient(http);
        var card = await client.GetAgentCardAsync(peer.CardUrl, cancellationToken: cancellationToken);
        while (true)
        {
            var task = await client.GetTaskAsync(card, taskId, cancellationToken: cancellationToken);
            if (task.Status.State.IsTerminal())
            {
                return task;
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    private static async Task<A2ATaskState> PeerTaskStateAsync(PeerAgent peer, string taskId, CancellationToken cancellationToken)
    {
        using var http = new HttpClient();
        var client = new A2AClient(http);
        var card = await client.GetAgentCardAsync(peer.CardUrl, cancellationToken: cancellationToken);
        return (await client.GetTaskAsync(card, taskId, cancellationToken: cancellationToken)).Status.State;
    }

    private sealed class Collected : IProgress<ProgressNotificationValue>
    {
        private readonly List<(double Progress, string Message)> _messages = [];

        public TaskCompletionSource Working { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        // In the order of their progress numbers: the client may hand notifications over out of order.
        public List<string> Messages
        {
            get
            {
                lock (_messages)
                {
                    return [.. _messages.OrderBy(m => m.Progress).Select(m => m.Message)];
                }
            }
        }

        public void Report(ProgressNotificationValue value)
        {
            lock (_messages)
            {
                _messages.Add((value.Progress, value.Message ?? ""));
            }

            if (value.Message?.Contains(": working", StringComparison.Ordinal) == true)
            {
                Working.TrySetResult();
            }
        }

        // The server sends every notification before the result, but the client may hand the last ones over after it.
        public async Task WaitForAsync(int count)
        {
            for (var waited = 0; Messages.Count < count && waited < 10_000; waited += 20)
            {
                await Task.Delay(20);
            }
        }

        // "NAME task ID: state..." names the peer's task.
        public string TaskId()
        {
            var first = Assert.IsType<string>(Messages.FirstOrDefault(m => m.Contains(" task ", StringComparison.Ordinal)), exactMatch: false);
            var start = first.IndexOf(" task ", StringComparison.Ordinal) + " task ".Length;
            return first[start..first.IndexOf(':', start)];
        }
    }
}
