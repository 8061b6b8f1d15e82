using System.Text.Json;
using Json.Schema;
using ModelContextProtocol.Client;

namespace McpMemory.Tests.Support;

/// <summary>
/// Checks a tool's structured result against the output schema the server publishes for it, as strict MCP clients
/// (the Inspector among them) do: a required field left out, or a value of the wrong type, fails the test.
/// </summary>
public static class OutputSchemas
{
    public static async Task AssertMatchesAsync(McpClient client, string tool, JsonElement result, CancellationToken cancellationToken)
    {
        var tools = await client.ListToolsAsync(cancellationToken: cancellationToken);
        var schema = JsonSchema.Build(tools.Single(t => t.Name == tool).ProtocolTool.OutputSchema!.Value, new BuildOptions());
        var evaluation = schema.Evaluate(result, new EvaluationOptions { OutputFormat = OutputFormat.List });
        var errors = (evaluation.Details ?? []).Prepend(evaluation)
            .Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"));
        Assert.True(evaluation.IsValid, $"{tool}'s result does not match its output schema: {string.Join("; ", errors)}\n{result}");
    }
}
