using System.Text.Json;
using System.Threading.Channels;
using McpMemory.Tests.Support;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpMemory.Tests.Procedural;

/// <summary>The procedural memory tools, prompts and resources through the MCP SDK's client against real <c>mcp-memory serve</c> processes.</summary>
public sealed class ProceduralToolsTests : IDisposable
{
    private const string Classic = "2025-11-25";
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static Dictionary<string, object?> Deploy(params string[] extraSteps) => new()
    {
        ["name"] = "deploy-service",
        ["kind"] = "workflow",
        ["description"] = "Roll out a new build of a service to an environment with a canary, then promote it.",
        ["parameters"] = new object[]
        {
            new Dictionary<string, object?> { ["name"] = "service", ["description"] = "The service to deploy", ["required"] = true },
            new Dictionary<string, object?> { ["name"] = "environment", ["description"] = "Where to deploy", ["default"] = "staging", ["values"] = new[] { "staging", "production" } },
        },
        ["steps"] = new[] { "Build {service} and push the image.", "Deploy {service} to {environment} as a 5% canary.", "Promote the canary in {environment} when error rates hold; keep {{braces}}." }.Concat(extraSteps).ToArray(),
        ["tags"] = new[] { "deploy", "ops" },
        ["tools"] = new[] { "kubectl", "git" },
    };

    [Fact]
    public async Task SaveSearchGet_RenderWithArguments_VersionsAndErrorsThatNameTheArgument()
    {
        var ct = TestTimeouts.Token();
        await using var client = await ServerProcess.StartStdioAsync(_temp.Path, cancellationToken: ct);

        var badPlaceholder = await client.CallExpectingErrorAsync("skill_save", new() { ["name"] = "broken", ["description"] = "x", ["steps"] = new[] { "Call {region} first." } }, ct);
        var badName = await client.CallExpectingErrorAsync("skill_save", new() { ["name"] = "has space", ["description"] = "x", ["steps"] = new[] { "y" } }, ct);
        var first = await client.CallAsync("skill_save", Deploy(), ct);
        await client.CallAsync("skill_save", new() { ["name"] = "rotate-db-credentials", ["description"] = "Rotate the database password and update every client's secret.", ["steps"] = new[] { "Create a new password.", "Update the secret store.", "Restart the clients." }, ["tags"] = new[] { "security" }, ["tools"] = new[] { "vault" } }, ct);
        await client.CallAsync("skill_save", new() { ["name"] = "write-release-notes", ["description"] = "Summarise merged pull requests into release notes for customers.", ["steps"] = new[] { "List merged pull requests.", "Group them by feature.", "Write the notes." }, ["tools"] = new[] { "git" } }, ct);
        var second = await client.CallAsync("skill_save", Deploy("Announce the rollout of {service} in the ops channel."), ct);
        var same = await client.CallAsync("skill_save", Deploy("Announce the rollout of {service} in the ops channel."), ct);

        var search = await client.CallAsync("skill_search", new() { ["query"] = "ship the new billing build to production" }, ct);
        var security = await client.CallAsync("skill_search", new() { ["query"] = "ship the new billing build to production", ["tags"] = new[] { "security" } }, ct);
        var withGit = await client.CallAsync("skill_search", new() { ["query"] = "release", ["tools"] = new[] { "GIT" } }, ct);
        var plain = await client.CallAsync("skill_get", new() { ["name"] = "deploy-service" }, ct);
        var rendered = await client.CallAsync("skill_get", new() { ["name"] = "deploy-service", ["arguments"] = JsonDocument.Parse("""{"service":"billing"}""").RootElement }, ct);
        var unknownArgument = await client.CallExpectingErrorAsync("skill_get", new() { ["name"] = "deploy-service", ["arguments"] = JsonDocument.Parse("""{"service":"billing","region":"eu"}""").RootElement }, ct);
        var missingArgument = await client.CallExpectingErrorAsync("skill_get", new() { ["name"] = "deploy-service", ["arguments"] = JsonDocument.Parse("{}").RootElement }, ct);
        var badValue = await client.CallExpectingErrorAsync("skill_get", new() { ["name"] = "deploy-service", ["arguments"] = JsonDocument.Parse("""{"service":"billing","environment":"qa"}""").RootElement }, ct);
        var stats = await client.CallAsync("memory_stats", [], ct);
        var tooLong = await client.CallExpectingErrorAsync("skill_record_outcome", new() { ["name"] = "rotate-db-credentials", ["success"] = true, ["duration_ms"] = 1.7e308 }, ct);
        var deleted = await client.CallAsync("skill_delete", new() { ["name"] = "rotate-db-credentials" }, ct);
        var gone = await client.CallExpectingErrorAsync("skill_get", new() { ["name"] = "rotate-db-credentials" }, ct);
        var episodes = await client.CallAsync("episode_list", [], ct);
        var deletedTwice = await client.CallAsync("skill_delete", new() { ["name"] = "deploy-service" }, ct);

        Assert.Equal(2, deletedTwice.GetProperty("versions").GetInt32());
        Assert.Contains("'steps[0]' uses placeholder '{region}', but no parameter 'region' is declared", badPlaceholder, StringComparison.Ordinal);
        Assert.Contains("'duration_ms' is 1.7E+308; it must be a number of milliseconds from 0 to 31536000000 (one year)", tooLong, StringComparison.Ordinal);
        Assert.Contains("'name' value 'has space' is not a valid skill name", badName, StringComparison.Ordinal);
        Assert.True(first.GetProperty("created").GetBoolean());
        Assert.Equal(1, first.GetProperty("skill").GetProperty("version").GetInt32());
        Assert.Equal("skill://default/deploy-service", first.GetProperty("skill").GetProperty("uri").GetString());
        Assert.Equal((2, 1, true, false), (second.GetProperty("skill").GetProperty("version").GetInt32(), second.GetProperty("previous_version").GetInt32(), second.GetProperty("new_version").GetBoolean(), second.GetProperty("created").GetBoolean()));
        Assert.Contains("version 2, replacing version 1", second.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal((2, false), (same.GetProperty("skill").GetProperty("version").GetInt32(), same.GetProperty("new_version").GetBoolean()));
        Assert.Equal("deploy-service", search.GetProperty("hits")[0].GetProperty("skill").GetProperty("name").GetString());
        Assert.Equal(["rotate-db-credentials"], security.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("skill").GetProperty("name").GetString()));
        Assert.Equal(["deploy-service", "write-release-notes"], withGit.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("skill").GetProperty("name").GetString()!).Order(StringComparer.Ordinal));
        Assert.Equal(JsonValueKind.Null, plain.TryGetProperty("rendered", out var none) ? none.ValueKind : JsonValueKind.Null);
        Assert.Equal("Deploy {service} to {environment} as a 5% canary.", plain.GetProperty("skill").GetProperty("steps")[1].GetString());
        var steps = rendered.GetProperty("rendered").GetProperty("steps").EnumerateArray().Select(s => s.GetString()).ToList();
        Assert.Equal(["Build billing and push the image.", "Deploy billing to staging as a 5% canary.", "Promote the canary in staging when error rates hold; keep {braces}.", "Announce the rollout of billing in the ops channel."], steps);
        Assert.Equal("staging", rendered.GetProperty("rendered").GetProperty("arguments").GetProperty("environment").GetString());
        Assert.StartsWith("Workflow 'deploy-service' (version 2)", rendered.GetProperty("rendered").GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("'arguments.region' is not a parameter of workflow 'deploy-service'", unknownArgument, StringComparison.Ordinal);
        Assert.Contains("'arguments.service' is missing", missingArgument, StringComparison.Ordinal);
        Assert.Contains("'arguments.environment' is 'qa'", badValue, StringComparison.Ordinal);
        var skillsNamespace = Assert.Single(stats.GetProperty("namespaces").EnumerateArray());
        Assert.Equal(("default", "skills"), (skillsNamespace.GetProperty("namespace").GetString(), skillsNamespace.GetProperty("kind").GetString()));
        Assert.Equal(3, skillsNamespace.GetProperty("episodes").GetInt32());
        Assert.Equal((1, 0), (deleted.GetProperty("versions").GetInt32(), deleted.GetProperty("outcomes").GetInt32()));
        Assert.Contains("not_found", gone, StringComparison.Ordinal);
        Assert.Empty(episodes.GetProperty("episodes").EnumerateArray());
    }

    [Fact]
    public async Task PromptsAndResources_ListGetCompleteRead_AndChangesReachTheClient()
    {
        var ct = TestTimeouts.Token();
        await using var client = await StartAsync(Classic);
        var notifications = Channel.CreateUnbounded<string>();
        ValueTask Record(JsonRpcNotification n, CancellationToken _)
        {
            notifications.Writer.TryWrite(n.Method == NotificationMethods.ResourceUpdatedNotification ? $"{n.Method} {n.Params!["uri"]!.GetValue<string>()}" : n.Method);
            return ValueTask.CompletedTask;
        }

        await using var prompts = client.RegisterNotificationHandler(NotificationMethods.PromptListChangedNotification, Record);
        await using var resources = client.RegisterNotificationHandler(NotificationMethods.ResourceListChangedNotification, Record);
        await using var updates = client.RegisterNotificationHandler(NotificationMethods.ResourceUpdatedNotification, Record);
        var emptyList = await client.ListPromptsAsync(cancellationToken: ct);

        await client.CallAsync("skill_save", Deploy(), ct);
        var afterSave = new[] { await NextAsync(notifications), await NextAsync(notifications) };
        var listed = await client.ListPromptsAsync(cancellationToken: ct);
        var prompt = await client.GetPromptAsync("deploy-service", new Dictionary<string, object?> { ["service"] = "search", ["environment"] = "production" }, cancellationToken: ct);
        var missing = await Assert.ThrowsAsync<McpProtocolException>(async () => await client.GetPromptAsync("deploy-service", new Dictionary<string, object?> { ["environment"] = "production" }, cancellationToken: ct));
        var unknown = await Assert.ThrowsAsync<McpProtocolException>(async () => await client.GetPromptAsync("deploy-service", new Dictionary<string, object?> { ["service"] = "search", ["colour"] = "blue" }, cancellationToken: ct));
        var environments = await client.CompleteAsync(new PromptReference { Name = "deploy-service" }, "environment", "PRO", cancellationToken: ct);
        var names = await client.CompleteAsync(new ResourceTemplateReference { Uri = "skill://{namespace}/{name}" }, "name", "dep", cancellationToken: ct);
        var templates = await client.ListResourceTemplatesAsync(cancellationToken: ct);
        var resourceList = await client.ListResourcesAsync(cancellationToken: ct);
        var read = await client.ReadResourceAsync("skill://default/deploy-service", cancellationToken: ct);
        await client.SubscribeToResourceAsync("skill://default/deploy-service", cancellationToken: ct);
        await client.CallAsync("skill_record_outcome", new() { ["name"] = "deploy-service", ["success"] = true, ["duration_ms"] = 90_000 }, ct);
        var afterOutcome = await NextAsync(notifications);
        var readAgain = await client.ReadResourceAsync("skill://default/deploy-service", cancellationToken: ct);
        await client.CallAsync("skill_delete", new() { ["name"] = "deploy-service" }, ct);
        var afterDelete = new[] { await NextAsync(notifications), await NextAsync(notifications), await NextAsync(notifications) };
        var finalList = await client.ListPromptsAsync(cancellationToken: ct);

        Assert.True(client.ServerCapabilities.Prompts?.ListChanged, "prompts.listChanged is not advertised");
        Assert.True(client.ServerCapabilities.Resources?.ListChanged, "resources.listChanged is not advertised");
        Assert.NotNull(client.ServerCapabilities.Completions);
        Assert.Empty(emptyList);
        Assert.Equal([NotificationMethods.PromptListChangedNotification, NotificationMethods.ResourceListChangedNotification], afterSave.Order(StringComparer.Ordinal));
        var listedPrompt = Assert.Single(listed).ProtocolPrompt;
        Assert.Equal("deploy-service", listedPrompt.Name);
        Assert.Equal("Roll out a new build of a service to an environment with a canary, then promote it.", listedPrompt.Description);
        Assert.Equal([("service", true), ("environment", false)], listedPrompt.Arguments!.Select(a => (a.Name, a.Required == true)));
        var text = Assert.IsType<TextContentBlock>(Assert.Single(prompt.Messages).Content).Text;
        Assert.Contains("2. Deploy search to production as a 5% canary.", text, StringComparison.Ordinal);
        Assert.Equal(McpErrorCode.InvalidParams, missing.ErrorCode);
        Assert.Contains("'arguments.service' is missing", missing.Message, StringComparison.Ordinal);
        Assert.Contains("'arguments.colour' is not a parameter", unknown.Message, StringComparison.Ordinal);
        Assert.Equal(["production"], environments.Completion.Values);
        Assert.Equal(["deploy-service"], names.Completion.Values);
        Assert.Contains("skill://{namespace}/{name}", templates.Select(t => t.UriTemplate));
        Assert.Contains("skill://default/deploy-service", resourceList.Select(r => r.Uri));
        var content = JsonDocument.Parse(Assert.IsType<TextResourceContents>(Assert.Single(read.Contents)).Text).RootElement;
        Assert.Equal(("deploy-service", 1, 0), (content.GetProperty("skill").GetProperty("name").GetString(), content.GetProperty("skill").GetProperty("version").GetInt32(), content.GetProperty("stats").GetProperty("successes").GetInt32()));
        Assert.Equal($"{NotificationMethods.ResourceUpdatedNotification} skill://default/deploy-service", afterOutcome);
        Assert.Equal(1, JsonDocument.Parse(Assert.IsType<TextResourceContents>(Assert.Single(readAgain.Contents)).Text).RootElement.GetProperty("stats").GetProperty("successes").GetInt32());
        Assert.Contains(NotificationMethods.PromptListChangedNotification, afterDelete);
        Assert.Contains($"{NotificationMethods.ResourceUpdatedNotification} skill://default/deploy-service", afterDelete);
        Assert.Empty(finalList);
    }

    [Fact]
    public async Task ListChanged_OverStreamableHttp_ASaveInAnotherSessionReachesTheWatcher()
    {
        var ct = TestTimeouts.Token();
        await using var server = await HttpServer.StartAsync(_temp.Combine("http-data"), cancellationToken: ct);
        await using var watcher = await server.ConnectAsync(cancellationToken: ct, protocolVersion: Classic);
        await using var writer = await server.ConnectAsync(cancellationToken: ct, protocolVersion: Classic);
        var changes = Channel.CreateUnbounded<string>();
        await using var handler = watcher.RegisterNotificationHandler(NotificationMethods.PromptListChangedNotification, (n, _) =>
        {
            changes.Writer.TryWrite(n.Method);
            return ValueTask.CompletedTask;
        });
        Assert.Empty(await watcher.ListPromptsAsync(cancellationToken: ct));

        await writer.CallAsync("skill_save", Deploy(), ct);

        Assert.Equal(NotificationMethods.PromptListChangedNotification, await NextAsync(changes));
        Assert.Equal("deploy-service", Assert.Single(await watcher.ListPromptsAsync(cancellationToken: ct)).Name);
    }

    [Fact]
    public async Task SubscriptionsListen_OnTheLatestProtocol_CarriesSkillListChangesAndUpdatesOnTheStreamOnly()
    {
        var ct = TestTimeouts.Token();
        await using var client = await StartAsync(protocolVersion: null);
        Assert.Equal("2026-07-28", client.NegotiatedProtocolVersion);
        var messages = Channel.CreateUnbounded<JsonRpcNotification>();
        ValueTask Record(JsonRpcNotification n, CancellationToken _)
        {
            messages.Writer.TryWrite(n);
            return ValueTask.CompletedTask;
        }

        await using var acknowledged = client.RegisterNotificationHandler(NotificationMethods.SubscriptionsAcknowledgedNotification, Record);
        await using var prompts = client.RegisterNotificationHandler(NotificationMethods.PromptListChangedNotification, Record);
        await using var resources = client.RegisterNotificationHandler(NotificationMethods.ResourceListChangedNotification, Record);
        await using var updates = client.RegisterNotificationHandler(NotificationMethods.ResourceUpdatedNotification, Record);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var listen = client.SendRequestAsync(
            new JsonRpcRequest
            {
                Method = RequestMethods.SubscriptionsListen,
                Params = System.Text.Json.Nodes.JsonNode.Parse("""{"notifications":{"promptsListChanged":true,"resourcesListChanged":true,"resourceSubscriptions":["skill://default/deploy-service","graph://default/entity/Carol"]}}"""),
            },
            stop.Token);

        var ack = await NextAsync(messages);
        await client.CallAsync("skill_save", Deploy(), ct);
        var changes = new[] { await NextAsync(messages), await NextAsync(messages), await NextAsync(messages) };
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => listen);

        Assert.Equal(NotificationMethods.SubscriptionsAcknowledgedNotification, ack.Method);
        var granted = ack.Params!["notifications"]!;
        Assert.True(granted["promptsListChanged"]!.GetValue<bool>());
        Assert.True(granted["resourcesListChanged"]!.GetValue<bool>());
        Assert.Equal(["graph://default/entity/Carol", "skill://default/deploy-service"], granted["resourceSubscriptions"]!.AsArray().Select(u => u!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Equal(
            new[] { NotificationMethods.PromptListChangedNotification, NotificationMethods.ResourceListChangedNotification, NotificationMethods.ResourceUpdatedNotification }.Order(StringComparer.Ordinal),
            changes.Select(c => c.Method).Order(StringComparer.Ordinal));
        Assert.Equal("skill://default/deploy-service", changes.Single(c => c.Method == NotificationMethods.ResourceUpdatedNotification).Params!["uri"]!.GetValue<string>());
        var stream = ack.Params!["_meta"]![MetaKeys.SubscriptionId]!.ToJsonString();
        Assert.All(changes, c => Assert.Equal(stream, c.Params!["_meta"]![MetaKeys.SubscriptionId]!.ToJsonString()));
        Assert.False(messages.Reader.TryRead(out var extra), $"unexpected {extra?.Method} outside the stream");
    }

    [Fact]
    public async Task Restart_KeepsSkillsVersionsAndOutcomes()
    {
        var ct = TestTimeouts.Token();
        await using (var first = await ServerProcess.StartStdioAsync(_temp.Path, cancellationToken: ct))
        {
            await first.CallAsync("skill_save", Deploy(), ct);
            await first.CallAsync("skill_save", Deploy("Close the change ticket for {service}."), ct);
            await first.CallAsync("skill_record_outcome", new() { ["name"] = "deploy-service", ["success"] = true, ["duration_ms"] = 1000 }, ct);
            await first.CallAsync("skill_record_outcome", new() { ["name"] = "deploy-service", ["success"] = false, ["duration_ms"] = 3000, ["note"] = "canary failed" }, ct);
        }

        await using var second = await ServerProcess.StartStdioAsync(_temp.Path, cancellationToken: ct);
        var got = await second.CallAsync("skill_get", new() { ["name"] = "deploy-service" }, ct);
        var search = await second.CallAsync("skill_search", new() { ["query"] = "canary rollout of a service" }, ct);
        var saved = await second.CallAsync("skill_save", Deploy(), ct);

        Assert.Equal(2, got.GetProperty("skill").GetProperty("version").GetInt32());
        Assert.Equal(4, got.GetProperty("skill").GetProperty("steps").GetArrayLength());
        var stats = got.GetProperty("stats");
        Assert.Equal((1, 1, 2000.0), (stats.GetProperty("successes").GetInt32(), stats.GetProperty("failures").GetInt32(), stats.GetProperty("mean_duration_ms").GetDouble()));
        var hit = Assert.Single(search.GetProperty("hits").EnumerateArray());
        Assert.Equal(2, hit.GetProperty("stats").GetProperty("successes").GetInt32() + hit.GetProperty("stats").GetProperty("failures").GetInt32());
        Assert.Equal((3, 2), (saved.GetProperty("skill").GetProperty("version").GetInt32(), saved.GetProperty("previous_version").GetInt32()));
    }

    [Fact]
    public async Task Reindex_NamespaceWithSkills_MovesThemToTheNewModel()
    {
        var ct = TestTimeouts.Token();
        await using (var client = await ServerProcess.StartStdioAsync(_temp.Path, cancellationToken: ct))
        {
            await client.CallAsync("skill_save", Deploy(), ct);
            await client.CallAsync("skill_record_outcome", new() { ["name"] = "deploy-service", ["success"] = true }, ct);
        }

        var reindex = await ServerProcess.RunAsync(["reindex", "--data-dir", _temp.Path, "--embedding-model", "minilm"], cancellationToken: ct);
        var minilm = new Dictionary<string, string?> { ["MCPMEMORY_McpMemory__Embedding__Model"] = "minilm" };
        await using var after = await ServerProcess.StartStdioAsync(_temp.Path, minilm, cancellationToken: ct);
        var stats = await after.CallAsync("memory_stats", [], ct);
        var search = await after.CallAsync("skill_search", new() { ["query"] = "canary rollout of a service", ["mode"] = "dense" }, ct);

        Assert.True(reindex.ExitCode == 0, reindex.Stderr);
        Assert.Contains("Skills of namespace 'default' moved from snowflake-arctic-embed-xs to all-MiniLM-L6-v2: 2 records", reindex.Stdout, StringComparison.Ordinal);
        var entry = Assert.Single(stats.GetProperty("namespaces").EnumerateArray());
        Assert.Equal(("skills", "all-MiniLM-L6-v2"), (entry.GetProperty("kind").GetString(), entry.GetProperty("embedding_model").GetString()));
        var hit = Assert.Single(search.GetProperty("hits").EnumerateArray());
        Assert.Equal(("deploy-service", 1), (hit.GetProperty("skill").GetProperty("name").GetString(), hit.GetProperty("dense_rank").GetInt32()));
        Assert.Equal(1, hit.GetProperty("stats").GetProperty("successes").GetInt32());
    }

    private async Task<McpClient> StartAsync(string? protocolVersion)
    {
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "mcp-memory",
            Command = ServerProcess.DotnetHost,
            Arguments = [ServerProcess.ServerDll, "serve", "--data-dir", _temp.Combine("data")],
            ShutdownTimeout = TimeSpan.FromSeconds(20),
        });
        return await McpClient.CreateAsync(transport, new McpClientOptions { ProtocolVersion = protocolVersion }, cancellationToken: TestTimeouts.Token());
    }

    private static async Task<T> NextAsync<T>(Channel<T> channel) => await channel.Reader.ReadAsync(TestTimeouts.Token());
}
