using System.Text.Json;
using McpMemory.Server.Hosting;
using McpMemory.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpMemory.Tests.Interop;

/// <summary>
/// Our HTTP hosting pipeline (<see cref="HttpServer.Build"/>: transports, sessions, host and origin guards), run in
/// the test process with the conformance suite's fixture tools, resources, prompts, subscriptions and completions added
/// beside the memory tools.
/// </summary>
public sealed class ConformanceFixtureHost : IAsyncLifetime
{
    private readonly TempDirectory _temp = new();
    private WebApplication? _app;

    public Uri McpUri { get; private set; } = new("http://127.0.0.1/mcp");

    public async ValueTask InitializeAsync()
    {
        var url = $"http://127.0.0.1:{ServerProcess.FreePort()}";
        var settings = ServerSettings.Load(_temp.Combine("data"), configFile: null, embeddingModel: null);
        _app = Server.Hosting.HttpServer.Build(settings, url, mcp => mcp
            .WithTools<ConformanceFixtureTools>()
            .WithTools([JsonSchema202012Tool()])
            .WithResources<ConformanceFixtureResources>()
            .WithPrompts<ConformanceFixturePrompts>()
            .WithSubscribeToResourcesHandler((_, _) => ValueTask.FromResult(new EmptyResult()))
            .WithUnsubscribeFromResourcesHandler((_, _) => ValueTask.FromResult(new EmptyResult()))
            .WithCompleteHandler((request, _) => ValueTask.FromResult(Complete(request.Params?.Argument.Value ?? ""))));
        await _app.StartAsync(TestTimeouts.Token());
        McpUri = new Uri(url + "/mcp");
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync(CancellationToken.None);
            await _app.DisposeAsync();
        }

        _temp.Dispose();
    }

    private static CompleteResult Complete(string prefix)
    {
        string[] values = ["paris", "park", "party", "test", "testing"];
        var matches = values.Where(v => v.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).ToList();
        return new CompleteResult { Completion = new Completion { Values = matches, Total = matches.Count, HasMore = false } };
    }

    /// <summary>A tool whose input schema uses JSON Schema 2020-12 keywords ($schema, $defs, $ref), which the
    /// pipeline must pass through unchanged.</summary>
    private static McpServerTool JsonSchema202012Tool()
    {
        var tool = McpServerTool.Create((string? name) => $"Hello {name}", new McpServerToolCreateOptions { Name = "json_schema_2020_12_tool", Description = "Tool with JSON Schema 2020-12 features" });
        using var schema = JsonDocument.Parse("""
            {
              "$schema": "https://json-schema.org/draft/2020-12/schema",
              "type": "object",
              "$defs": { "address": { "type": "object", "properties": { "street": { "type": "string" }, "city": { "type": "string" } } } },
              "properties": { "name": { "type": "string" }, "address": { "$ref": "#/$defs/address" } },
              "additionalProperties": false
            }
            """);
        tool.ProtocolTool.InputSchema = schema.RootElement.Clone();
        return tool;
    }
}
