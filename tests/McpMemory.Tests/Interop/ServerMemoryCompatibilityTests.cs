using System.Text.Json;
using System.Text.Json.Nodes;
using McpMemory.Tests.Support;

namespace McpMemory.Tests.Interop;

/// <summary>
/// Ours as a drop-in for the official <c>@modelcontextprotocol/server-memory</c> (pinned in tools/interop): the fixed
/// script of <c>Data/server-memory-script.json</c> (every one of its nine tools) runs against both servers over stdio
/// and each call's results must agree (see <see cref="GraphComparison"/>); and the JSON-lines file server-memory wrote
/// imports into ours (<c>mcp-memory import --format server-memory</c>) as the same graph. A missing Node or
/// server-memory fails these tests; they never skip.
/// </summary>
public sealed class ServerMemoryCompatibilityTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>The command line that loads a server-memory file into a data directory of ours.</summary>
    public static IReadOnlyList<string> ImportArguments(string memoryFile, string dataDirectory) =>
        ["import", "--format", "server-memory", memoryFile, "--data-dir", dataDirectory];

    [Fact]
    public void Script_Itself_CoversEveryToolInThirtyCallsOrMore()
    {
        var script = GraphScript.Load();

        Assert.True(script.Count >= 30, $"the script has {script.Count} calls");
        Assert.Equal(
            ["add_observations", "create_entities", "create_relations", "delete_entities", "delete_observations", "delete_relations", "open_nodes", "read_graph", "search_nodes"],
            script.Select(c => c.Tool).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Script_OnServerMemory_ReturnsWhatTheScriptRecords()
    {
        var memoryFile = _temp.Combine("memory.jsonl");
        await using var theirs = await GraphServer.StartServerMemoryAsync(memoryFile, TestTimeouts.Token());

        var problems = new List<string>();
        foreach (var call in GraphScript.Load())
        {
            var reply = await theirs.CallAsync(call.Tool, call.ToolArguments(), TestTimeouts.Token());
            problems.AddRange(GraphComparison.CheckTheirs(call, reply).Select(p => $"{call}: {p}"));
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems) + "\nserver-memory stderr:\n" + theirs.Stderr);
        Assert.Equal(ReadRecordedFinalGraph(), GraphFile(memoryFile));
    }

    /// <summary>
    /// With <paramref name="pageTokens"/> ours answers read_graph, search_nodes and open_nodes in pages of at most that
    /// many tokens (100 is the least it takes), and the pages joined must still be the whole answer.
    /// </summary>
    [Theory]
    [InlineData(null)]
    [InlineData(100)]
    public async Task Script_OnOursAndServerMemory_GivesTheSameResults(int? pageTokens)
    {
        await using var theirs = await GraphServer.StartServerMemoryAsync(_temp.Combine("memory.jsonl"), TestTimeouts.Token());
        await using var ours = await GraphServer.StartOursAsync(_temp.Combine("data"), TestTimeouts.Token(), pageTokens);

        var verdicts = await RunAsync(GraphScript.Load(), ours, theirs);

        var failed = verdicts.Where(v => !v.Agrees).ToList();
        Assert.True(
            failed.Count == 0,
            $"{failed.Count} of {verdicts.Count} calls differ from server-memory:\n" +
            string.Join("\n", failed.Select(v => $"{v.Call}\n    {string.Join("\n    ", v.Problems)}")) +
            "\nmcp-memory stderr:\n" + ours.Stderr);
    }

    [Fact]
    public async Task KnownDifferences_OnOursAndServerMemory_StillDifferAndNothingElseDoes()
    {
        await using var theirs = await GraphServer.StartServerMemoryAsync(_temp.Combine("memory.jsonl"), TestTimeouts.Token());
        await using var ours = await GraphServer.StartOursAsync(_temp.Combine("data"), TestTimeouts.Token());

        var verdicts = await RunAsync(GraphScript.Load(GraphScript.KnownDifferencesPath), ours, theirs);

        var failed = verdicts.Where(v => !v.Agrees).ToList();
        Assert.True(failed.Count == 0, string.Join("\n", failed.Select(v => $"{v.Call}\n    {string.Join("\n    ", v.Problems)}")) + "\nmcp-memory stderr:\n" + ours.Stderr);
        Assert.Contains(verdicts, v => v.Call.Outcome == GraphOutcome.KnownDifference);
    }

    [Fact]
    public async Task Import_OfTheFileServerMemoryWrote_ReadsBackTheSameGraph()
    {
        var memoryFile = _temp.Combine("memory.jsonl");
        GraphReply theirGraph;
        await using (var theirs = await GraphServer.StartServerMemoryAsync(memoryFile, TestTimeouts.Token()))
        {
            foreach (var call in GraphScript.Load())
            {
                await theirs.CallAsync(call.Tool, call.ToolArguments(), TestTimeouts.Token());
            }

            theirGraph = await theirs.CallAsync("read_graph", [], TestTimeouts.Token());
        }

        var data = _temp.Combine("data");
        var first = await ServerProcess.RunAsync(ImportArguments(memoryFile, data), cancellationToken: TestTimeouts.Token());
        var again = await ServerProcess.RunAsync(ImportArguments(memoryFile, data), cancellationToken: TestTimeouts.Token());
        await using var ours = await GraphServer.StartOursAsync(data, TestTimeouts.Token());
        var ourGraph = await ours.CallAsync("read_graph", [], TestTimeouts.Token());

        Assert.True(first.ExitCode == 0, $"import failed (exit {first.ExitCode}):\n{first.Stdout}\n{first.Stderr}");
        Assert.True(again.ExitCode == 0, $"importing the same file again failed (exit {again.ExitCode}):\n{again.Stdout}\n{again.Stderr}");
        Assert.Equal(GraphFile(memoryFile), ReadRecordedFinalGraph());
        var readBack = new GraphCall(0, "read_graph after importing server-memory's file twice", "read_graph", [], GraphOutcome.Same, null);
        var verdict = GraphComparison.Compare(readBack, ourGraph, theirGraph);
        Assert.True(verdict.Agrees, string.Join("\n", verdict.Problems) + "\nmcp-memory stderr:\n" + ours.Stderr);
    }

    /// <summary>Runs <paramref name="calls"/> on both servers in turn, compares each, and writes every verdict to the test output.</summary>
    private static async Task<List<GraphVerdict>> RunAsync(IReadOnlyList<GraphCall> calls, GraphServer ours, GraphServer theirs)
    {
        var verdicts = new List<GraphVerdict>();
        foreach (var call in calls)
        {
            var theirReply = await theirs.CallAsync(call.Tool, call.ToolArguments(), TestTimeouts.Token());
            var ourReply = await ours.CallAsync(call.Tool, call.ToolArguments(), TestTimeouts.Token());
            verdicts.Add(GraphComparison.Compare(call, ourReply, theirReply));
        }

        var output = TestContext.Current.TestOutputHelper;
        foreach (var verdict in verdicts)
        {
            output?.WriteLine($"{(verdict.Agrees ? "same" : "DIFFERENT")}: {verdict.Call}");
            foreach (var line in verdict.Problems.Concat(verdict.Notes))
            {
                output?.WriteLine($"    {line}");
            }
        }

        return verdicts;
    }

    /// <summary>The graph the script's last call records, in its order: one canonical line per entity, then per relation.</summary>
    private static List<string> ReadRecordedFinalGraph()
    {
        var last = GraphScript.Load()[^1];
        Assert.Equal("read_graph", last.Tool);
        var shape = GraphShape.Parse("read_graph", last.Theirs!.Value);
        return [.. shape.Entities!, .. shape.Relations!];
    }

    /// <summary>server-memory's file (JSON lines of type entity or relation) as canonical lines, entities first.</summary>
    private static List<string> GraphFile(string path)
    {
        var graph = new JsonObject { ["entities"] = new JsonArray(), ["relations"] = new JsonArray() };
        foreach (var line in File.ReadLines(path).Where(l => l.Trim().Length > 0))
        {
            var item = JsonNode.Parse(line)!.AsObject();
            var type = item["type"]!.GetValue<string>();
            item.Remove("type");
            graph[type == "entity" ? "entities" : "relations"]!.AsArray().Add(item);
        }

        var shape = GraphShape.Parse("read_graph", JsonSerializer.SerializeToElement(graph));
        return [.. shape.Entities!, .. shape.Relations!];
    }
}
