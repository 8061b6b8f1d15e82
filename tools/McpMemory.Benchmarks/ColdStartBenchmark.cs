using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using McpMemory.Mcp;
using ModelContextProtocol;
using ModelContextProtocol.Client;

namespace McpMemory.Benchmarks;

/// <summary>
/// <c>cold-start</c>: time from starting the server process to its first <c>tools/list</c> reply and to its first answered
/// query, on a store that already holds records (1,000 LoCoMo turns by default): ours (<c>episode_search</c>, which
/// loads the embedding model) against the official <c>@modelcontextprotocol/server-memory</c> under Node 22
/// (<c>search_nodes</c>, a knowledge graph file of as many entities), both over stdio with the SDK's client.
/// </summary>
internal static class ColdStartBenchmark
{
    private const string Query = "What did she say about the support group?";

    public static async Task<Dictionary<string, object>> RunAsync(BenchmarkArguments arguments)
    {
        var runs = arguments.Int("--runs", 5);
        var records = arguments.Int("--records", 1000);
        var node = RepositoryPaths.InstallInterop();
        var turns = LocomoTurns.Sample(RepositoryPaths.Locomo(arguments), records);
        var work = Directory.CreateTempSubdirectory("mcp-memory-bench-cold-");
        try
        {
            var dataDirectory = Path.Combine(work.FullName, "data");
            await FillOursAsync(dataDirectory, turns);
            var memoryFile = Path.Combine(work.FullName, "memory.jsonl");
            await File.WriteAllLinesAsync(memoryFile, turns.Select((text, i) => JsonSerializer.Serialize(new
            {
                type = "entity",
                name = $"turn-{i}",
                entityType = "turn",
                observations = new[] { text },
            })));

            var (command, serveArgs) = ServerLaunch.Ours("serve", "--data-dir", dataDirectory);
            var toolOptions = new RequestOptions { JsonSerializerOptions = McpMemoryJsonContext.ToolOptions };
            var samples = new Dictionary<string, List<double>>();
            for (var run = 0; run < runs; run++)
            {
                var sides = run % 2 == 0 ? new[] { "ours", "peer" } : ["peer", "ours"];
                foreach (var who in sides)
                {
                    var started = Stopwatch.GetTimestamp();
                    await using var client = who == "ours"
                        ? await ServerLaunch.ConnectStdioAsync("mcp-memory", command, serveArgs)
                        : await ServerLaunch.ConnectStdioAsync("server-memory", node, [ServerLaunch.MemoryScript], new() { ["MEMORY_FILE_PATH"] = memoryFile });
                    var tools = await client.ListToolsAsync();
                    var toTools = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    var answer = who == "ours"
                        ? await client.CallToolAsync("episode_search", new Dictionary<string, object?> { ["query"] = Query, ["k"] = 10 }, null, toolOptions)
                        : await client.CallToolAsync("search_nodes", new Dictionary<string, object?> { ["query"] = "support group" });
                    var toQuery = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    if (answer.IsError == true || tools.Count == 0)
                    {
                        throw new InvalidOperationException($"cold-start: the {who} server did not answer the query");
                    }

                    Add(samples, $"{who}_tools", toTools);
                    Add(samples, $"{who}_query", toQuery);
                    Measure.Progress(string.Create(CultureInfo.InvariantCulture, $"cold-start: run {run + 1}/{runs} {(who == "ours" ? "mcp-memory" : "server-memory"),-13}: tools/list after {toTools:F0} ms, first query answered after {toQuery:F0} ms"));
                }
            }

            var result = new Dictionary<string, object> { ["cold_records"] = records };
            foreach (var stage in new[] { "tools", "query" })
            {
                var o = Measure.Median(samples[$"ours_{stage}"]);
                var p = Measure.Median(samples[$"peer_{stage}"]);
                var what = stage == "tools" ? "first tools/list reply" : "first answered query (episode_search / search_nodes)";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cold-start {what}: ours {o:F0} ms, server-memory {p:F0} ms: {Measure.Versus(o, p, higherIsBetter: false)}"));
                result[$"cold_{stage}_ours_ms"] = Measure.Round(o, 1);
                result[$"cold_{stage}_peer_ms"] = Measure.Round(p, 1);
                result[$"cold_{stage}_ratio"] = Measure.Ratio(o, p, higherIsBetter: false);
            }

            return result;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>Stores the turns through a server of ours and waits until all are embedded and in segments.</summary>
    private static async Task FillOursAsync(string dataDirectory, List<string> turns)
    {
        Measure.Progress($"cold-start: storing {turns.Count:N0} LoCoMo turns in {dataDirectory} and waiting for their embeddings");
        var (command, serveArgs) = ServerLaunch.Ours("serve", "--data-dir", dataDirectory);
        await using var client = await ServerLaunch.ConnectStdioAsync("mcp-memory", command, serveArgs);
        var toolOptions = new RequestOptions { JsonSerializerOptions = McpMemoryJsonContext.ToolOptions };
        var episodes = turns.Select((text, i) => new Dictionary<string, object?>
        {
            ["text"] = text,
            ["speaker"] = i % 2 == 0 ? "Caroline" : "Melanie",
            ["conversation_id"] = $"conv-{i / 100}",
        }).ToList();
        await client.CallToolAsync("episode_add", new Dictionary<string, object?> { ["episodes"] = episodes }, null, toolOptions);
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var stats = await client.CallToolAsync("memory_stats", new Dictionary<string, object?>(), null, toolOptions);
            var ns = stats.StructuredContent!.Value.GetProperty("namespaces")[0];
            var pending = ns.GetProperty("pending_embeddings").GetInt64();
            var unflushed = ns.GetProperty("unflushed").GetInt64();
            if (pending == 0 && (unflushed == 0 || waited.Elapsed > TimeSpan.FromSeconds(120)))
            {
                return;
            }

            await Task.Delay(1000);
        }
    }

    private static void Add(Dictionary<string, List<double>> samples, string key, double value)
    {
        if (!samples.TryGetValue(key, out var list))
        {
            samples[key] = list = [];
        }

        list.Add(value);
    }
}
