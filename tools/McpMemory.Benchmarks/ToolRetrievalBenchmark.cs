using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpMemory.Mcp.Budgets;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpMemory.Benchmarks;

/// <summary>
/// <c>tools</c>: how well <c>tool_search</c> finds the tool a task needs among the real tools of the official MCP
/// reference servers, and how many context tokens returning the top 5 saves against listing every tool.
/// <c>tools record</c> starts each reference server that runs offline (with dummy keys where one is demanded) and writes
/// their real tools/list to <c>data/reference-tools.json</c>. <c>tools</c> registers those tools in a fresh
/// <c>mcp-memory serve</c> through <c>tool_register</c> (named SERVER.TOOL, as upstream tools are), asks
/// <c>tool_search</c> for each hand-written task of <c>data/tool-tasks.json</c> in hybrid, BM25-only and dense-only
/// mode in the same run, and reports recall@1 and @5 of each. <c>--quick</c> measures a small slice (four servers,
/// at most 12 tasks) for the tests.
/// </summary>
internal static class ToolRetrievalBenchmark
{
    private static readonly string[] Modes = ["hybrid", "keyword", "dense"];
    private static readonly string[] QuickServers = ["everything", "filesystem", "memory", "sequential-thinking"];
    private static readonly RequestOptions ToolOptions = new() { JsonSerializerOptions = McpJsonUtilities.DefaultOptions };

    public static string DataFolder => Path.Combine(RepositoryPaths.Root, "tools", "McpMemory.Benchmarks", "data");

    public static Task<Dictionary<string, object>> RunAsync(BenchmarkArguments arguments) =>
        arguments.Flag("record") ? RecordAsync() : MeasureAsync(arguments);

    private static async Task<Dictionary<string, object>> RecordAsync()
    {
        var node = RepositoryPaths.InstallInterop();
        Install();
        var scratch = Directory.CreateTempSubdirectory("mcp-memory-bench-reference-");
        try
        {
            var servers = new JsonArray();
            var started = 0;
            var toolCount = 0;
            foreach (var (name, package, serverArguments, environment) in ReferenceServers.All(scratch.FullName))
            {
                var folder = Path.Combine(ReferenceServers.Folder, "node_modules", package);
                var version = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "package.json")))!["version"]!.GetValue<string>();
                var entry = new JsonObject { ["name"] = name, ["package"] = package, ["version"] = version };
                var stderr = new List<string>();
                try
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                    await using var client = await McpClient.CreateAsync(new StdioClientTransport(new StdioClientTransportOptions
                    {
                        Name = name,
                        Command = node,
                        Arguments = [Path.Combine(folder, "dist", "index.js"), .. serverArguments],
                        EnvironmentVariables = environment,
                        WorkingDirectory = scratch.FullName,
                        ShutdownTimeout = TimeSpan.FromSeconds(5),
                        StandardErrorLines = line => { lock (stderr) { stderr.Add(line); } },
                    }), cancellationToken: timeout.Token);
                    var tools = await client.ListToolsAsync(cancellationToken: timeout.Token);
                    entry["started"] = true;
                    entry["tools"] = new JsonArray(tools.Select(t => (JsonNode)JsonSerializer.SerializeToNode(t.ProtocolTool, McpJsonUtilities.DefaultOptions)!).ToArray());
                    started++;
                    toolCount += tools.Count;
                    Measure.Progress($"tools record: {name} {version}: {tools.Count} tools");
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    string last;
                    lock (stderr)
                    {
                        last = stderr.Count > 0 ? " (stderr: " + string.Join(" | ", stderr.TakeLast(3)) + ")" : "";
                    }

                    entry["started"] = false;
                    entry["error"] = ((ex is OperationCanceledException ? "no MCP handshake within 30 s offline" : ex.Message) + last).Replace(RepositoryPaths.Root, ".", StringComparison.Ordinal);
                    entry["tools"] = new JsonArray();
                    Measure.Progress($"tools record: {name} {version} does not start offline: {entry["error"]}");
                }

                servers.Add(entry);
            }

            var nodeVersion = RunText(node, "--version");
            var document = new JsonObject
            {
                ["about"] = "The real tools/list of each official MCP reference server of the npm scope @modelcontextprotocol, started offline over stdio with Node " + nodeVersion + " and dummy keys where one is demanded, by 'McpMemory.Benchmarks tools record'. Servers that do not start offline are kept with the reason.",
                ["servers"] = servers,
            };
            Directory.CreateDirectory(DataFolder);
            var path = Path.Combine(DataFolder, "reference-tools.json");
            await File.WriteAllTextAsync(path, document.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");
            Console.WriteLine($"tools record: {started} of {servers.Count} reference servers started offline with {toolCount} tools; wrote {path}");
            return new Dictionary<string, object> { ["tools_servers_started"] = started, ["tools_servers_tried"] = servers.Count, ["tools_recorded"] = toolCount };
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    private static async Task<Dictionary<string, object>> MeasureAsync(BenchmarkArguments arguments)
    {
        var quick = arguments.Flag("--quick");
        var servers = arguments.Text("--servers")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? (quick ? QuickServers : null);
        var maxTasks = arguments.Int("--tasks", quick ? 12 : int.MaxValue);
        var reference = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(DataFolder, "reference-tools.json")))!;
        var tools = new List<(string Name, string Server, JsonObject Tool)>();
        foreach (var server in reference["servers"]!.AsArray().Select(s => s!))
        {
            var name = server["name"]!.GetValue<string>();
            if (server["started"]!.GetValue<bool>() && (servers is null || servers.Contains(name)))
            {
                tools.AddRange(server["tools"]!.AsArray().Select(t => (name + "." + t!["name"]!.GetValue<string>(), name, t!.AsObject())));
            }
        }

        var known = tools.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var tasks = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(DataFolder, "tool-tasks.json")))!["tasks"]!.AsArray()
            .Select(t => (Task: t!["task"]!.GetValue<string>(), Expected: t["expected"]!.AsArray().Select(e => e!.GetValue<string>()).ToArray()))
            .Where(t => known.Contains(t.Expected[0]))
            .Take(maxTasks)
            .ToList();
        if (tasks.Count == 0)
        {
            throw new InvalidOperationException("no task of data/tool-tasks.json names a tool of the servers chosen");
        }

        var allTokens = TokenBudget.Count(new JsonArray(tools.Select(t => (JsonNode)t.Tool.DeepClone()).ToArray()).ToJsonString());
        var data = Directory.CreateTempSubdirectory("mcp-memory-bench-tools-");
        try
        {
            Measure.Progress($"tools: registering {tools.Count} tools of {tools.Select(t => t.Server).Distinct().Count()} servers through tool_register, then {tasks.Count} tasks x {Modes.Length} modes through tool_search");
            var (command, serveArguments) = ServerLaunch.Ours("serve", "--data-dir", data.FullName);
            await using var client = await ServerLaunch.ConnectStdioAsync("mcp-memory", command, serveArguments);
            var clock = Stopwatch.StartNew();
            foreach (var (name, server, tool) in tools)
            {
                var call = new Dictionary<string, object?>
                {
                    ["name"] = name,
                    ["description"] = tool["description"]?.GetValue<string>() is { Length: > 0 } description ? description : name,
                    ["input_schema"] = JsonSerializer.SerializeToElement(tool["inputSchema"] ?? new JsonObject { ["type"] = "object" }),
                    ["source"] = server,
                    ["title"] = tool["title"]?.GetValue<string>() ?? tool["annotations"]?["title"]?.GetValue<string>(),
                    ["read_only"] = tool["annotations"]?["readOnlyHint"]?.GetValue<bool>(),
                };
                await CallAsync(client, "tool_register", call);
            }

            var registerSeconds = clock.Elapsed.TotalSeconds;
            clock.Restart();
            await CallAsync(client, "tool_search", new Dictionary<string, object?> { ["task"] = "warm up", ["wait_for_embeddings"] = true });
            Measure.Progress(string.Create(CultureInfo.InvariantCulture, $"tools: registered in {registerSeconds:F1} s, embedded within {clock.Elapsed.TotalSeconds:F1} s more"));

            var found = Modes.ToDictionary(m => m, _ => new int[2]);
            var latencies = Modes.ToDictionary(m => m, _ => new List<double>());
            var topTokens = new List<double>();
            var omitted = 0;
            foreach (var (task, expected) in tasks)
            {
                foreach (var mode in Modes)
                {
                    var started = Stopwatch.GetTimestamp();
                    var result = await CallAsync(client, "tool_search", new Dictionary<string, object?> { ["task"] = task, ["k"] = 5, ["mode"] = mode, ["max_tokens"] = TokenBudget.MaxMaxTokens });
                    latencies[mode].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    var names = result.GetProperty("tools").EnumerateArray().Select(h => h.GetProperty("tool").GetProperty("name").GetString()!).ToList();
                    var rank = names.FindIndex(n => expected.Contains(n, StringComparer.Ordinal)) + 1;
                    found[mode][0] += rank == 1 ? 1 : 0;
                    found[mode][1] += rank is >= 1 and <= 5 ? 1 : 0;
                    if (mode == "hybrid")
                    {
                        topTokens.Add(result.GetProperty("tokens").GetInt32());
                        omitted += result.GetProperty("omitted").GetInt32();
                        if (rank != 1)
                        {
                            Measure.Progress($"tools: hybrid {(rank == 0 ? "missed" : "rank " + rank.ToString(CultureInfo.InvariantCulture))} {expected[0]} for \"{task}\"; top: {string.Join(", ", names.Take(3))}");
                        }
                    }
                }
            }

            if (arguments.Flag("--fusion-sweep"))
            {
                await SweepFusionAsync(client, tasks);
            }

            var figures = new Dictionary<string, object>
            {
                ["tools_servers"] = tools.Select(t => t.Server).Distinct().Count(),
                ["tools_count"] = tools.Count,
                ["tools_tasks"] = tasks.Count,
                ["tools_tokens_all"] = allTokens,
                ["tools_tokens_top5_mean"] = Measure.Round(topTokens.Average(), 1),
                ["tools_tokens_top5_max"] = topTokens.Max(),
                ["tools_tokens_saved_pct"] = Measure.Round(100 * (1 - (topTokens.Average() / allTokens)), 1),
                ["tools_register_s"] = Measure.Round(registerSeconds),
            };
            Console.WriteLine($"tools: {tools.Count} tools of {figures["tools_servers"]} reference servers, {tasks.Count} hand-written tasks");
            Console.WriteLine("| ranking | recall@1 | recall@5 | search p50 ms |");
            Console.WriteLine("| --- | --- | --- | --- |");
            foreach (var mode in Modes)
            {
                var at1 = (double)found[mode][0] / tasks.Count;
                var at5 = (double)found[mode][1] / tasks.Count;
                var p50 = Measure.Percentile(latencies[mode], 0.5);
                figures[$"tools_{mode}_recall_at_1"] = Measure.Round(at1, 3);
                figures[$"tools_{mode}_recall_at_5"] = Measure.Round(at5, 3);
                figures[$"tools_{mode}_search_p50_ms"] = Measure.Round(p50);
                var label = mode switch { "hybrid" => "tool_search (hybrid)", "keyword" => "BM25 alone", _ => "dense alone" };
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {label} | {at1:F3} ({found[mode][0]}/{tasks.Count}) | {at5:F3} ({found[mode][1]}/{tasks.Count}) | {p50:F1} |"));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"tokens (cl100k): listing every tool {allTokens}; tool_search top 5 with schemas {topTokens.Average():F0} on average (at most {topTokens.Max():F0}); saved {figures["tools_tokens_saved_pct"]}%"));
            if (omitted > 0)
            {
                Console.WriteLine($"note: {omitted} hits did not fit max_tokens");
            }

            return figures;
        }
        finally
        {
            try
            {
                data.Delete(recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    // Diagnostic: fuses the dense and keyword rankings (top 50 each) by reciprocal rank with other keyword weights and
    // constants than the store's, and prints recall on the odd and even tasks apart (choose on one, check on the other).
    private static async Task SweepFusionAsync(McpClient client, List<(string Task, string[] Expected)> tasks)
    {
        var rankings = new List<(List<string> Dense, List<string> Keyword, string[] Expected)>();
        foreach (var (task, expected) in tasks)
        {
            var lists = new List<List<string>>();
            foreach (var mode in new[] { "dense", "keyword" })
            {
                var result = await CallAsync(client, "tool_search", new Dictionary<string, object?> { ["task"] = task, ["k"] = 50, ["mode"] = mode, ["max_tokens"] = TokenBudget.MaxMaxTokens });
                lists.Add(result.GetProperty("tools").EnumerateArray().Select(h => h.GetProperty("tool").GetProperty("name").GetString()!).ToList());
            }

            rankings.Add((lists[0], lists[1], expected));
        }

        foreach (var rrf in new[] { 10, 60 })
        {
            foreach (var weight in new[] { 1.0, 0.75, 0.5, 0.25, 0.0 })
            {
                var counts = new int[2, 2];
                for (var i = 0; i < rankings.Count; i++)
                {
                    var (dense, keyword, expected) = rankings[i];
                    var ids = dense.Concat(keyword).Distinct(StringComparer.Ordinal).ToList();
                    var fused = McpMemory.Core.Retrieval.RankFusion.Reciprocal(
                        [dense.Select(n => ids.IndexOf(n)).ToList(), keyword.Select(n => ids.IndexOf(n)).ToList()], [1.0, weight], rrf);
                    var rank = fused.FindIndex(f => expected.Contains(ids[f.Item], StringComparer.Ordinal)) + 1;
                    counts[i % 2, 0] += rank == 1 ? 1 : 0;
                    counts[i % 2, 1] += rank is >= 1 and <= 5 ? 1 : 0;
                }

                var odd = rankings.Count / 2;
                var even = rankings.Count - odd;
                Measure.Progress(string.Create(CultureInfo.InvariantCulture,
                    $"fusion rrf k {rrf}, keyword weight {weight:F2}: even tasks @1 {counts[0, 0]}/{even} @5 {counts[0, 1]}/{even}; odd tasks @1 {counts[1, 0]}/{odd} @5 {counts[1, 1]}/{odd}"));
            }
        }
    }

    private static async Task<JsonElement> CallAsync(McpClient client, string tool, Dictionary<string, object?> arguments)
    {
        var result = await client.CallToolAsync(tool, arguments, null, ToolOptions);
        if (result.IsError == true || result.StructuredContent is not { } structured)
        {
            throw new InvalidOperationException($"{tool} failed: {string.Join(" ", result.Content.OfType<TextContentBlock>().Select(c => c.Text))}");
        }

        return structured;
    }

    private static void Install()
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(ReferenceServers.Folder, "install.sh")]) { UseShellExecute = false };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot run bash");
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"reference-servers/install.sh failed (exit {process.ExitCode})");
        }
    }

    private static string RunText(string program, string argument)
    {
        var start = new ProcessStartInfo(program, [argument]) { RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot run {program}");
        var text = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return text;
    }
}
