using System.Text.Json;
using System.Text.Json.Nodes;
using McpMemory.Tests.Support;
using ModelContextProtocol;

namespace McpMemory.Tests.Interop;

/// <summary>
/// Two independent clients, the C# SDK's and the official Inspector (TypeScript SDK), read the same tool list from a
/// real server over stdio, and both agree field by field with what schemas/tools/ publishes.
/// </summary>
public sealed class ToolListAgreementTests : IDisposable
{
    private static readonly string[] ComparedFields = ["name", "title", "description", "inputSchema", "outputSchema", "annotations"];
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ToolsList_FromSdkClientAndInspector_MatchesSchemasFolder()
    {
        var home = _temp.Combine("home");
        Directory.CreateDirectory(home);
        await using var client = await ServerProcess.StartStdioAsync(_temp.Combine("sdk"), cancellationToken: TestTimeouts.Token());
        var sdkTools = (await client.ListToolsAsync(cancellationToken: TestTimeouts.Token()))
            .Select(t => JsonSerializer.SerializeToNode(t.ProtocolTool, McpJsonUtilities.DefaultOptions)!.AsObject())
            .ToList();
        var inspectorTools = (await InspectorCli.ListToolsAsync(InspectorCli.Stdio(_temp.Combine("inspector")), home, TestTimeouts.Token()))
            .GetProperty("tools").EnumerateArray()
            .Select(t => JsonNode.Parse(t.GetRawText())!.AsObject())
            .ToList();
        var folder = Path.Combine(RepositoryRoot.Path, "schemas", "tools");
        var published = Directory.GetFiles(folder, "*.json").ToDictionary(f => Path.GetFileNameWithoutExtension(f)!, f => JsonNode.Parse(File.ReadAllText(f))!.AsObject());

        foreach (var (who, tools) in new[] { ("the C# SDK client", sdkTools), ("the Inspector", inspectorTools) })
        {
            Assert.Equal(published.Keys.Order(), tools.Select(t => t["name"]!.GetValue<string>()).Order());
            foreach (var tool in tools)
            {
                var name = tool["name"]!.GetValue<string>();
                foreach (var field in ComparedFields)
                {
                    var expected = published[name][field];
                    Assert.True(expected is not null, $"schemas/tools/{name}.json has no {field}");
                    Assert.True(JsonNode.DeepEquals(expected, tool[field]), $"{who} sees {name}.{field} differently from schemas/tools/{name}.json:\n{tool[field]?.ToJsonString()}\nvs\n{expected.ToJsonString()}");
                }
            }
        }
    }
}
