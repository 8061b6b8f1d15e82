using System.Net;
using System.Net.Http.Headers;
using System.Text;
using McpMemory.Tests.Support;
using ModelContextProtocol.Client;

namespace McpMemory.Tests.Integration;

public sealed class HttpServerTests : IDisposable
{
    private const string InitializeBody = """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"probe","version":"1"}}}""";
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(HttpTransportMode.StreamableHttp)]
    [InlineData(HttpTransportMode.Sse)]
    public async Task Clients_OverStreamableHttpAndLegacySse_StoreAndFindMemories(HttpTransportMode mode)
    {
        await using var server = await HttpServer.StartAsync(_temp.Path, cancellationToken: TestTimeouts.Token());
        await using var client = await server.ConnectAsync(mode, cancellationToken: TestTimeouts.Token());

        var added = await client.CallAsync("episode_add", new() { ["text"] = $"The {mode} transport stored this note about lighthouses", ["speaker"] = "tester" }, TestTimeouts.Token());
        var found = await client.CallAsync("episode_search", new() { ["query"] = "lighthouses", ["mode"] = "keyword" }, TestTimeouts.Token());

        Assert.Equal(added.GetProperty("ids")[0].GetString(), found.GetProperty("hits")[0].GetProperty("episode").GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("2025-11-25")]
    [InlineData("2026-07-28")]
    public async Task Clients_OfBothCurrentProtocolRevisions_AreServed(string protocolVersion)
    {
        await using var server = await HttpServer.StartAsync(_temp.Path, cancellationToken: TestTimeouts.Token());
        await using var client = await server.ConnectAsync(cancellationToken: TestTimeouts.Token(), protocolVersion: protocolVersion);

        var added = await client.CallAsync("episode_add", new() { ["text"] = "A note about the solstice festival" }, TestTimeouts.Token());
        var found = await client.CallAsync("episode_search", new() { ["query"] = "solstice", ["mode"] = "keyword" }, TestTimeouts.Token());

        Assert.Equal(protocolVersion, client.NegotiatedProtocolVersion);
        Assert.Equal(added.GetProperty("ids")[0].GetString(), found.GetProperty("hits")[0].GetProperty("episode").GetProperty("id").GetString());
    }

    [Fact]
    public async Task Request_WithForeignOrigin_Gets403_AndLoopbackOriginPasses()
    {
        await using var server = await HttpServer.StartAsync(_temp.Path, cancellationToken: TestTimeouts.Token());
        using var http = new HttpClient { BaseAddress = server.BaseUri };

        using var foreign = await http.SendAsync(Initialize(server, origin: "http://evil.example"), TestTimeouts.Token());
        using var local = await http.SendAsync(Initialize(server, origin: "http://localhost:6274"), TestTimeouts.Token());

        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.OK, local.StatusCode);
    }

    [Fact]
    public async Task Request_WithForeignHost_GetsA4xx()
    {
        await using var server = await HttpServer.StartAsync(_temp.Path, cancellationToken: TestTimeouts.Token());
        using var http = new HttpClient { BaseAddress = server.BaseUri };
        var request = Initialize(server);
        request.Headers.Host = "attacker.example";

        using var response = await http.SendAsync(request, TestTimeouts.Token());
        var body = await response.Content.ReadAsStringAsync(TestTimeouts.Token());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("attacker.example", body, StringComparison.Ordinal);
        Assert.Contains("AllowedHosts", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_NonLoopbackWithoutTokens_RefusesToStart()
    {
        var (exit, _, stderr) = await ServerProcess.RunAsync(["serve", "--http", "--urls", "http://0.0.0.0:0", "--data-dir", _temp.Path], cancellationToken: TestTimeouts.Token());

        Assert.NotEqual(0, exit);
        Assert.Contains("Tokens", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoPrincipals_CanNeitherReadNorSearchNorChangeNorDeleteEachOthersRecords()
    {
        var config = _temp.Combine("config.json");
        await File.WriteAllTextAsync(config, """
        {
          "McpMemory": {
            "Principals": {
              "alice": { "DefaultNamespace": "alice" },
              "bob": { "DefaultNamespace": "bob" }
            },
            "Http": { "Tokens": { "token-alice": "alice", "token-bob": "bob" } }
          }
        }
        """, TestContext.Current.CancellationToken);
        await using var server = await HttpServer.StartAsync(_temp.Combine("data"), config, TestTimeouts.Token());
        await using var alice = await server.ConnectAsync(token: "token-alice", cancellationToken: TestTimeouts.Token());
        await using var bob = await server.ConnectAsync(token: "token-bob", cancellationToken: TestTimeouts.Token());

        var secret = await alice.CallAsync("episode_add", new() { ["text"] = "Alice's secret: the vault code is 7319", ["conversation_id"] = "private" }, TestTimeouts.Token());
        var secretId = secret.GetProperty("ids")[0].GetString();
        Assert.Equal("alice", secret.GetProperty("namespace").GetString());

        var search = await bob.CallAsync("episode_search", new() { ["query"] = "vault code secret", ["wait_for_embeddings"] = true }, TestTimeouts.Token());
        var get = await bob.CallAsync("episode_get", new() { ["ids"] = new[] { secretId } }, TestTimeouts.Token());
        var list = await bob.CallAsync("episode_list", [], TestTimeouts.Token());
        var delete = await bob.CallAsync("episode_delete", new() { ["ids"] = new[] { secretId }, ["conversation_id"] = "private" }, TestTimeouts.Token());
        var stats = await bob.CallAsync("memory_stats", [], TestTimeouts.Token());
        var overwrite = await bob.CallAsync("episode_add", new() { ["text"] = "bob's note", ["client_id"] = "x" }, TestTimeouts.Token());
        var searchAlice = await bob.CallExpectingErrorAsync("episode_search", new() { ["query"] = "vault", ["namespace"] = "alice" }, TestTimeouts.Token());
        var getAlice = await bob.CallExpectingErrorAsync("episode_get", new() { ["ids"] = new[] { secretId }, ["namespace"] = "alice" }, TestTimeouts.Token());
        var listAlice = await bob.CallExpectingErrorAsync("episode_list", new() { ["namespace"] = "alice" }, TestTimeouts.Token());
        var addAlice = await bob.CallExpectingErrorAsync("episode_add", new() { ["text"] = "x", ["namespace"] = "alice" }, TestTimeouts.Token());
        var deleteAlice = await bob.CallExpectingErrorAsync("episode_delete", new() { ["ids"] = new[] { secretId }, ["namespace"] = "alice" }, TestTimeouts.Token());

        Assert.Equal(0, search.GetProperty("hits").GetArrayLength());
        Assert.Equal(0, get.GetProperty("episodes").GetArrayLength());
        Assert.Equal(0, list.GetProperty("episodes").GetArrayLength());
        Assert.Equal(0, delete.GetProperty("deleted").GetArrayLength());
        Assert.DoesNotContain(stats.GetProperty("namespaces").EnumerateArray(), n => n.GetProperty("namespace").GetString() == "alice");
        Assert.Equal("bob", overwrite.GetProperty("namespace").GetString());
        Assert.All([searchAlice, getAlice, listAlice, addAlice, deleteAlice], message => Assert.Contains("may not", message, StringComparison.Ordinal));

        var stillThere = await alice.CallAsync("episode_get", new() { ["ids"] = new[] { secretId } }, TestTimeouts.Token());
        Assert.Equal(1, stillThere.GetProperty("episodes").GetArrayLength());
        var aliceSearch = await alice.CallAsync("episode_search", new() { ["query"] = "bob's note", ["mode"] = "keyword" }, TestTimeouts.Token());
        Assert.Equal(0, aliceSearch.GetProperty("hits").GetArrayLength());
    }

    [Fact]
    public async Task Serve_TokenForAnUnknownPrincipal_RefusesToStartAndSaysWhy()
    {
        var config = _temp.Combine("config.json");
        await File.WriteAllTextAsync(config, """{ "McpMemory": { "Http": { "Tokens": { "some-token": "carol" } } } }""", TestContext.Current.CancellationToken);

        var (exit, _, stderr) = await ServerProcess.RunAsync(["serve", "--http", "--urls", $"http://127.0.0.1:{ServerProcess.FreePort()}", "--data-dir", _temp.Combine("data"), "--config", config], cancellationToken: TestTimeouts.Token());

        Assert.Equal(2, exit);
        Assert.Contains("principal 'carol'", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_WithoutOrWithAWrongToken_Gets401WhenTokensAreConfigured()
    {
        var config = _temp.Combine("config.json");
        await File.WriteAllTextAsync(config, """{ "McpMemory": { "Http": { "Tokens": { "right": "local" } } } }""", TestContext.Current.CancellationToken);
        await using var server = await HttpServer.StartAsync(_temp.Combine("data"), config, TestTimeouts.Token());
        using var http = new HttpClient { BaseAddress = server.BaseUri };

        using var none = await http.SendAsync(Initialize(server), TestTimeouts.Token());
        var wrongRequest = Initialize(server);
        wrongRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "wrong");
        using var wrong = await http.SendAsync(wrongRequest, TestTimeouts.Token());
        var rightRequest = Initialize(server);
        rightRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "right");
        using var right = await http.SendAsync(rightRequest, TestTimeouts.Token());

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
    }

    private static HttpRequestMessage Initialize(HttpServer server, string? origin = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, server.McpUri) { Content = new StringContent(InitializeBody, Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return request;
    }
}
