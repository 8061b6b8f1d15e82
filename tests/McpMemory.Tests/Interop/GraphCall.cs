using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpMemory.Tests.Interop;

/// <summary>
/// One call of the server-memory compatibility script (<c>Data/server-memory-script.json</c>): a knowledge-graph tool,
/// its arguments, what both servers must do, and, where given, what the official server returns.
/// </summary>
/// <param name="Number">The call's place in the script, from 1.</param>
/// <param name="Note">What the call checks, in words.</param>
/// <param name="Tool">One of server-memory's nine tool names.</param>
/// <param name="Arguments">The tool arguments, the same for both servers.</param>
/// <param name="Outcome">What both must do: succeed, fail, or (a deliberate difference) ours fails and theirs succeeds.</param>
/// <param name="Theirs">server-memory's structured result for this call, checked against the real server.</param>
public sealed record GraphCall(int Number, string Note, string Tool, JsonObject Arguments, GraphOutcome Outcome, JsonElement? Theirs)
{
    /// <summary>The arguments as the SDK client sends them.</summary>
    public Dictionary<string, object?> ToolArguments() =>
        Arguments.ToDictionary(p => p.Key, p => (object?)JsonSerializer.SerializeToElement(p.Value));

    public override string ToString() => $"call {Number} {Tool} {Arguments.ToJsonString(GraphScript.Readable)} ({Note})";
}
