using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using McpMemory.Tests.Support;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpMemory.Tests.Integration;

/// <summary>
/// The graph resources (<c>graph://NS/entity/NAME</c>, <c>graph://NS/neighborhood/NAME</c>, <c>memory://knowledge-graph</c>)
/// and subscriptions to them, through the MCP SDK's client and a real <c>mcp-memory serve</c> over stdio.
/// </summary>
public sealed class GraphResourceTests : IDisposable
{
    private const string Classic = "2025-11-25";
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ListResources_GraphToolset_ListsTheTemplatesTheWholeGraphAndSubscribe()
    {
        await using var client = await StartAsync(Classic);

        var templates = await client.ListResourceTemplatesAsync(cancellationToken: TestTimeouts.Token());
        var resources = await client.ListResourcesAsync(cancellationToken: TestTimeouts.Token());

        Assert.Equal(["graph://{namespace}/entity/{name}", "graph://{namespace}/neighborhood/{name}", "skill://{namespace}/{name}"], templates.Select(t => t.UriTemplate).Order(StringComparer.Ordinal));
        Assert.All(templates, t => Assert.Equal("application/json", t.MimeType));
        var whole = Assert.Single(resources);
        Assert.Equal("memory://knowledge-graph", whole.Uri);
        Assert.Equal("knowledge-graph", whole.Name);
        Assert.True(client.ServerCapabilities.Resources?.Subscribe, "resources.subscribe is not advertised");
    }

    [Fact]
    public async Task ReadEntity_ByEscapedExactName_ReturnsItWithEveryRelationThatTouchesItAndItsCurrentFacts()
    {
        await using var client = await StartAsync(Classic);
        await SeedAsync(client);
        await client.CallAsync("predicate_define", new() { ["name"] = "lives_in", ["single_valued"] = true, ["object_kind"] = "value" }, TestTimeouts.Token());
        await client.CallAsync("fact_add", new() { ["subject"] = "Zoë Ångström/ΑΒ", ["predicate"] = "lives_in", ["value"] = "Malmö", ["valid_from"] = "2000-01-01T00:00:00Z" }, TestTimeouts.Token());
        await client.CallAsync("fact_add", new() { ["subject"] = "Zoë Ångström/ΑΒ", ["predicate"] = "lives_in", ["value"] = "Lund", ["valid_from"] = "2020-01-01T00:00:00Z" }, TestTimeouts.Token());

        var read = await ReadJsonAsync(client, "graph://default/entity/" + Uri.EscapeDataString("Zoë Ångström/ΑΒ"));

        Assert.Equal("default", read["namespace"]!.GetValue<string>());
        Assert.Equal("Zoë Ångström/ΑΒ", read["entity"]!["name"]!.GetValue<string>());
        Assert.Equal(["Grew up in Malmö"], read["entity"]!["observations"]!.AsArray().Select(o => o!.GetValue<string>()));
        Assert.Equal(["Zoë Ångström/ΑΒ knows Bob", "Carol mentors Zoë Ångström/ΑΒ"], Relations(read));
        var fact = Assert.Single(read["facts"]!.AsArray());
        Assert.Equal("lives_in", fact!["predicate"]!.GetValue<string>());
        Assert.Equal("Lund", fact["value"]!.GetValue<string>());
        Assert.Equal(0, read["omitted"]!["relations"]!.GetValue<int>());
        Assert.Null(read["note"]);
    }

    [Fact]
    public async Task ReadNeighborhood_ReturnsTheEntityItsNeighboursOneHopAwayAndTheRelationsAmongThem()
    {
        await using var client = await StartAsync(Classic);
        await SeedAsync(client);

        var read = await ReadJsonAsync(client, "graph://default/neighborhood/Bob");

        Assert.Equal("Bob", read["entity"]!["name"]!.GetValue<string>());
        Assert.Equal(["Carol", "Zoë Ångström/ΑΒ"], read["neighbors"]!.AsArray().Select(n => n!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Equal(
            ["Bob knows Carol", "Carol mentors Zoë Ångström/ΑΒ", "Zoë Ångström/ΑΒ knows Bob"],
            Relations(read).Order(StringComparer.Ordinal));
        Assert.Equal(0, read["omitted"]!["entities"]!.GetValue<int>());
    }

    [Fact]
    public async Task ReadWholeGraph_BiggerThanTheBudget_ReturnsTheFirstPartAndSaysWhatWasLeftOut()
    {
        await using var client = await StartAsync(Classic);
        var entities = Enumerable.Range(0, 300).Select(i => new JsonObject
        {
            ["name"] = $"Entity {i:D3}",
            ["entityType"] = "thing",
            ["observations"] = new JsonArray($"Observation number {i} about a long and winding road that goes on and on through the hills"),
        });
        await client.CallAsync("create_entities", new() { ["entities"] = Element(new JsonArray([.. entities])) }, TestTimeouts.Token());

        var read = await ReadJsonAsync(client, "memory://knowledge-graph");
        var cursor = read["nextCursor"]!.GetValue<string>();
        var rest = await client.CallAsync("read_graph", new() { ["cursor"] = cursor, ["maxTokens"] = 1_000_000 }, TestTimeouts.Token());

        var shown = read["entities"]!.AsArray().Count;
        Assert.InRange(shown, 10, 299);
        Assert.Equal(300 - shown, read["omitted"]!["entities"]!.GetValue<int>());
        Assert.Contains("read_graph", read["note"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("default", read["namespace"]!.GetValue<string>());
        Assert.Equal(300 - shown, rest.GetProperty("entities").GetArrayLength());
        Assert.Equal("Entity 000", read["entities"]![0]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task ReadEntity_UnknownNameOrDeniedNamespace_GivesClearProtocolErrors()
    {
        var environment = new Dictionary<string, string?>
        {
            ["MCPMEMORY_McpMemory__Principals__local__DefaultNamespace"] = "default",
            ["MCPMEMORY_McpMemory__Principals__local__Namespaces__0"] = "default",
        };
        await using var client = await StartAsync(Classic, environment);
        await SeedAsync(client);

        var unknown = await Assert.ThrowsAsync<McpProtocolException>(async () => await client.ReadResourceAsync("graph://default/entity/Nobody", cancellationToken: TestTimeouts.Token()));
        var caseMatters = await Assert.ThrowsAsync<McpProtocolException>(async () => await client.ReadResourceAsync("graph://default/neighborhood/bob", cancellationToken: TestTimeouts.Token()));
        var denied = await Assert.ThrowsAsync<McpProtocolException>(async () => await client.ReadResourceAsync("graph://secret/entity/Bob", cancellationToken: TestTimeouts.Token()));
        var deniedSubscription = await Assert.ThrowsAsync<McpProtocolException>(() => client.SubscribeToResourceAsync("graph://secret/entity/Bob", cancellationToken: TestTimeouts.Token()));
        var foreign = await Assert.ThrowsAsync<McpProtocolException>(() => client.SubscribeToResourceAsync("file:///etc/passwd", cancellationToken: TestTimeouts.Token()));

        Assert.Equal(McpErrorCode.ResourceNotFound, unknown.ErrorCode);
        Assert.Contains("'Nobody' is not an entity in namespace 'default'", unknown.Message, StringComparison.Ordinal);
        Assert.Equal(McpErrorCode.ResourceNotFound, caseMatters.ErrorCode);
        Assert.Equal(McpErrorCode.InvalidParams, denied.ErrorCode);
        Assert.Contains("may not read namespace 'secret'", denied.Message, StringComparison.Ordinal);
        Assert.Equal(McpErrorCode.InvalidParams, deniedSubscription.ErrorCode);
        Assert.Contains("may not read namespace 'secret'", deniedSubscription.Message, StringComparison.Ordinal);
        Assert.Equal(McpErrorCode.InvalidParams, foreign.ErrorCode);
    }

    [Fact]
    public async Task Subscribe_ThenGraphWrites_NotifyTheSubscribedUrisAndNoUnrelatedOne()
    {
        await using var client = await StartAsync(Classic);
        await SeedAsync(client);
        var updates = Channel.CreateUnbounded<string>();
        await using var handler = client.RegisterNotificationHandler(NotificationMethods.ResourceUpdatedNotification, (notification, _) =>
        {
            updates.Writer.TryWrite(notification.Params!["uri"]!.GetValue<string>());
            return ValueTask.CompletedTask;
        });
        var alice = "graph://default/entity/" + Uri.EscapeDataString("Zoë Ångström/ΑΒ");
        var bobAround = "graph://default/neighborhood/Bob";
        var carol = "graph://default/entity/Carol";
        var dave = "graph://default/entity/Dave";
        foreach (var uri in new[] { alice, bobAround, carol, dave, "memory://knowledge-graph" })
        {
            await client.SubscribeToResourceAsync(uri, cancellationToken: TestTimeouts.Token());
        }

        await client.UnsubscribeFromResourceAsync("memory://knowledge-graph", cancellationToken: TestTimeouts.Token());
        await client.CallAsync("add_observations", new() { ["observations"] = Element(JsonNode.Parse("""[{"entityName":"Zoë Ångström/ΑΒ","contents":["Moved to Lund"]}]""")!) }, TestTimeouts.Token());
        var first = new[] { await NextAsync(updates), await NextAsync(updates) };
        await client.CallAsync("create_relations", new() { ["relations"] = Element(JsonNode.Parse("""[{"from":"Bob","to":"Dave","relationType":"knows"}]""")!) }, TestTimeouts.Token());
        var second = new[] { await NextAsync(updates), await NextAsync(updates) };
        await client.CallAsync("predicate_define", new() { ["name"] = "plays", ["object_kind"] = "value" }, TestTimeouts.Token());
        await client.CallAsync("fact_add", new() { ["subject"] = "Dave", ["predicate"] = "plays", ["value"] = "chess" }, TestTimeouts.Token());
        var third = await NextAsync(updates);

        // Zoë's new observation changes her entity and the neighbourhood of Bob, which shows her; the new relation
        // changes Bob's neighbourhood and Dave's entity, not Carol's (her neighbourhood, which nobody watches, changes).
        // A fact about Dave changes his entity (it lists his current facts). Notifications arrive in order, so once the
        // last write's is here, an update of Carol would have been too.
        Assert.Equal([alice, bobAround], first.Order(StringComparer.Ordinal));
        Assert.Equal([dave, bobAround], second.Order(StringComparer.Ordinal));
        Assert.Equal(dave, third);
        Assert.False(updates.Reader.TryRead(out var unexpected), $"unexpected update of {unexpected}");
    }

    [Fact]
    public async Task Subscribe_OverStreamableHttp_AWriteFromAnotherSessionNotifiesTheSubscriber()
    {
        await using var server = await HttpServer.StartAsync(_temp.Combine("http-data"), cancellationToken: TestTimeouts.Token());
        await using var watcher = await server.ConnectAsync(cancellationToken: TestTimeouts.Token(), protocolVersion: Classic);
        await using var writer = await server.ConnectAsync(cancellationToken: TestTimeouts.Token(), protocolVersion: Classic);
        await SeedAsync(writer);
        var updates = Channel.CreateUnbounded<string>();
        await using var subscription = await watcher.SubscribeToResourceAsync(
            "graph://default/entity/Carol",
            (update, _) =>
            {
                updates.Writer.TryWrite(update.Uri);
                return ValueTask.CompletedTask;
            },
            cancellationToken: TestTimeouts.Token());

        await writer.CallAsync("add_observations", new() { ["observations"] = Element(JsonNode.Parse("""[{"entityName":"Carol","contents":["Plays chess"]}]""")!) }, TestTimeouts.Token());

        Assert.Equal("graph://default/entity/Carol", await NextAsync(updates));
    }

    [Fact]
    public async Task SubscriptionsListen_OnTheLatestProtocol_AcknowledgesAndStreamsUpdatesTaggedWithTheStream()
    {
        await using var client = await StartAsync(protocolVersion: null);
        Assert.Equal("2026-07-28", client.NegotiatedProtocolVersion);
        await SeedAsync(client);
        var messages = Channel.CreateUnbounded<JsonRpcNotification>();
        await using var acknowledged = client.RegisterNotificationHandler(NotificationMethods.SubscriptionsAcknowledgedNotification, (n, _) => { messages.Writer.TryWrite(n); return ValueTask.CompletedTask; });
        await using var updated = client.RegisterNotificationHandler(NotificationMethods.ResourceUpdatedNotification, (n, _) => { messages.Writer.TryWrite(n); return ValueTask.CompletedTask; });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestTimeouts.Token());
        var listen = client.SendRequestAsync(
            new JsonRpcRequest
            {
                Method = RequestMethods.SubscriptionsListen,
                Params = JsonNode.Parse("""{"notifications":{"resourceSubscriptions":["graph://default/entity/Carol","graph://other/entity/Carol","file:///nothing"]}}"""),
            },
            stop.Token);

        var ack = await NextAsync(messages);
        await client.CallAsync("add_observations", new() { ["observations"] = Element(JsonNode.Parse("""[{"entityName":"Carol","contents":["Plays chess"]}]""")!) }, TestTimeouts.Token());
        var update = await NextAsync(messages);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => listen);

        Assert.Equal(NotificationMethods.SubscriptionsAcknowledgedNotification, ack.Method);
        Assert.Equal(
            ["graph://default/entity/Carol", "graph://other/entity/Carol"],
            ack.Params!["notifications"]!["resourceSubscriptions"]!.AsArray().Select(u => u!.GetValue<string>()));
        Assert.Equal(NotificationMethods.ResourceUpdatedNotification, update.Method);
        Assert.Equal("graph://default/entity/Carol", update.Params!["uri"]!.GetValue<string>());
        Assert.Equal(ack.Params!["_meta"]![MetaKeys.SubscriptionId]!.ToJsonString(), update.Params!["_meta"]![MetaKeys.SubscriptionId]!.ToJsonString());
    }

    private async Task<McpClient> StartAsync(string? protocolVersion, Dictionary<string, string?>? environment = null)
    {
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "mcp-memory",
            Command = ServerProcess.DotnetHost,
            Arguments = [ServerProcess.ServerDll, "serve", "--data-dir", _temp.Combine("data")],
            EnvironmentVariables = environment ?? new Dictionary<string, string?>(),
            ShutdownTimeout = TimeSpan.FromSeconds(20),
        });
        return await McpClient.CreateAsync(transport, new McpClientOptions { ProtocolVersion = protocolVersion }, cancellationToken: TestTimeouts.Token());
    }

    /// <summary>Bob, Carol, Dave and "Zoë Ångström/ΑΒ" (a name that needs escaping); Zoë knows Bob, Bob knows Carol, Carol mentors Zoë.</summary>
    private static async Task SeedAsync(McpClient client)
    {
        await client.CallAsync("create_entities", new() { ["entities"] = Element(JsonNode.Parse("""
            [{"name":"Zoë Ångström/ΑΒ","entityType":"person","observations":["Grew up in Malmö"]},
             {"name":"Bob","entityType":"person","observations":["Plays the cello"]},
             {"name":"Carol","entityType":"person","observations":[]},
             {"name":"Dave","entityType":"person","observations":[]}]
            """)!) }, TestTimeouts.Token());
        await client.CallAsync("create_relations", new() { ["relations"] = Element(JsonNode.Parse("""
            [{"from":"Zoë Ångström/ΑΒ","to":"Bob","relationType":"knows"},
             {"from":"Bob","to":"Carol","relationType":"knows"},
             {"from":"Carol","to":"Zoë Ångström/ΑΒ","relationType":"mentors"}]
            """)!) }, TestTimeouts.Token());
    }

    private static async Task<JsonNode> ReadJsonAsync(McpClient client, string uri)
    {
        var result = await client.ReadResourceAsync(uri, cancellationToken: TestTimeouts.Token());
        var text = Assert.IsType<TextResourceContents>(Assert.Single(result.Contents));
        Assert.Equal("application/json", text.MimeType);
        Assert.Equal(uri, text.Uri);
        return JsonNode.Parse(text.Text)!;
    }

    private static List<string> Relations(JsonNode read) =>
        [.. read["relations"]!.AsArray().Select(r => $"{r!["from"]} {r["relationType"]} {r["to"]}")];

    private static JsonElement Element(JsonNode node) => JsonSerializer.SerializeToElement(node);

    private static async Task<T> NextAsync<T>(Channel<T> channel) => await channel.Reader.ReadAsync(TestTimeouts.Token());
}
