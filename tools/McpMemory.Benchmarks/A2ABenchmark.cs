using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpMemory.Benchmarks;

/// <summary>
/// <c>a2a</c>: our A2A agent (<c>serve --http</c>, JSON-RPC at <c>/a2a</c>) under load and as a fan-out client.
/// Load: requests per second and SendMessage p50/p95 at each concurrency (1, 8, 32), driven by the same C# load driver
/// against ours and against a peer written with the reference JavaScript SDK (<c>tools/interop/a2a-recall-peer.mjs</c>,
/// <c>@a2a-js/sdk</c> 1.3.0 over express), both holding the same 200 events; two cases, each interleaved within every
/// run (who goes first alternates): recall (ours embeds the query with ONNX and runs hybrid search over a durable store;
/// the peer scans an array for keywords) and a trivial request (the stats skill on both sides), which leaves mostly
/// the protocol, task handling and HTTP. Fan-out: see <see cref="FanOutAsync"/>.
/// Options: <c>--runs 3 --requests 400 --concurrency 1,8,32 --steps 10</c>, and <c>--data-dir DIR</c> to keep our
/// servers' data directories (the durable task store among them) under DIR instead of the temp folder.
/// </summary>
internal static partial class A2ABenchmark
{
    private const int Events = 200;
    private const int TopK = 5;
    private static readonly string[] Topics = ["ferry", "harbour", "lighthouse", "bakery", "tide", "market", "train", "library"];

    private static readonly LoadCase[] Cases =
    [
        new("recall", "recall: ONNX query embedding + hybrid search, durable task store", "recall: keyword scan of an array, in-memory task store",
            i => A2ALoadDriver.Message(text: $"when did the {Topics[i % Topics.Length]} schedule change?"), CheckRecall),
        new("trivial", "stats skill: counts from the store, durable task store", "stats: the array's length, in-memory task store",
            _ => A2ALoadDriver.Message(data: new JsonObject { ["skill"] = "stats" }), CheckStats),
    ];

    public static async Task<Dictionary<string, object>> RunAsync(BenchmarkArguments arguments)
    {
        var runs = arguments.Int("--runs", 3);
        var requests = arguments.Int("--requests", 400);
        var levels = (arguments.Text("--concurrency") ?? "1,8,32").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var steps = arguments.Int("--steps", 10);
        var node = RepositoryPaths.InstallInterop();
        var work = arguments.Text("--data-dir") is { } parent
            ? Directory.CreateDirectory(Path.Combine(parent, $"mcp-memory-bench-a2a-{Guid.NewGuid():N}"))
            : Directory.CreateTempSubdirectory("mcp-memory-bench-a2a-");
        try
        {
            var result = new Dictionary<string, object> { ["a2a_runs"] = runs, ["a2a_requests_per_level"] = requests, ["a2a_events"] = Events };
            await LoadAsync(node, runs, requests, levels, Path.Combine(work.FullName, "load"), result);
            await FanOutAsync(node, runs, steps, Path.Combine(work.FullName, "fan-out"), result);
            return result;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static async Task LoadAsync(string node, int runs, int requests, int[] levels, string dataDirectory, Dictionary<string, object> result)
    {
        Measure.Progress($"a2a: load: ours (serve --http) and the @a2a-js/sdk 1.3.0 peer, {Events} events each; {runs} runs of {requests} SendMessage per case and concurrency ({string.Join(", ", levels)}); our data in {dataDirectory}");
        var port = ServerLaunch.FreePort();
        var (command, serveArguments) = ServerLaunch.Ours("serve", "--http", "--urls", $"http://127.0.0.1:{port}", "--data-dir", dataDirectory);
        await using var ours = await ServerLaunch.StartHttpAsync(command, serveArguments, port);
        await using var peer = await A2APeerProcess.StartAsync(node, "a2a-recall-peer.mjs");
        using var oursDriver = new A2ALoadDriver("mcp-memory", new Uri($"http://127.0.0.1:{port}/a2a"));
        using var peerDriver = new A2ALoadDriver("a2a-js peer", peer.Endpoint);
        A2ALoadDriver[] drivers = [oursDriver, peerDriver];

        var episodes = new JsonArray([.. Enumerable.Range(0, Events).Select(i => (JsonNode)new JsonObject
        {
            ["text"] = $"Note {i}: the {Topics[i % Topics.Length]} schedule changed on day {i % 28}",
            ["speaker"] = $"p{i % 5}",
        })]);
        foreach (var driver in drivers)
        {
            await driver.SendAsync(A2ALoadDriver.Message(data: new JsonObject { ["skill"] = "remember", ["episodes"] = episodes.DeepClone() }));
        }

        // Ours embeds the events in the background; every one is searchable by meaning before anything is timed.
        var clock = Stopwatch.StartNew();
        await oursDriver.SendAsync(A2ALoadDriver.Message(data: new JsonObject { ["skill"] = "recall", ["query"] = "ferry", ["waitForEmbeddings"] = true }));
        Measure.Progress(string.Create(CultureInfo.InvariantCulture, $"a2a: {Events} events stored on both; ours embedded them {clock.Elapsed.TotalSeconds:F1} s after the remember call"));

        foreach (var loadCase in Cases)
        {
            foreach (var driver in drivers)
            {
                await driver.RunAsync(loadCase.Request, Check(loadCase, driver), 200, 4); // warm up JIT, connections and caches
            }
        }

        var samples = new Dictionary<(string Case, int Level, bool Ours), List<A2ALoadSample>>();
        for (var run = 0; run < runs; run++)
        {
            foreach (var loadCase in Cases)
            {
                foreach (var level in levels)
                {
                    foreach (var driver in run % 2 == 0 ? drivers : [peerDriver, oursDriver])
                    {
                        var check = Check(loadCase, driver);
                        await driver.RunAsync(loadCase.Request, check, Math.Max(20, level * 2), level);
                        var sample = await driver.RunAsync(loadCase.Request, check, requests, level);
                        var key = (loadCase.Name, level, driver == oursDriver);
                        if (!samples.TryGetValue(key, out var list))
                        {
                            samples[key] = list = [];
                        }

                        list.Add(sample);
                    }

                    var (o, p) = (samples[(loadCase.Name, level, true)][^1], samples[(loadCase.Name, level, false)][^1]);
                    Measure.Progress(string.Create(CultureInfo.InvariantCulture,
                        $"a2a: run {run + 1}/{runs} {loadCase.Name,-7} c{level,-2}: ours {o.RequestsPerSecond:F1} req/s p50 {o.P50:F2} ms p95 {o.P95:F2} ms; peer {p.RequestsPerSecond:F1} req/s p50 {p.P50:F2} ms p95 {p.P95:F2} ms"));
                }
            }
        }

        foreach (var loadCase in Cases)
        {
            foreach (var level in levels)
            {
                var (o, p) = (samples[(loadCase.Name, level, true)], samples[(loadCase.Name, level, false)]);
                var (oRps, o50, o95) = (Measure.Median(o.Select(s => s.RequestsPerSecond)), Measure.Median(o.Select(s => s.P50)), Measure.Median(o.Select(s => s.P95)));
                var (pRps, p50, p95) = (Measure.Median(p.Select(s => s.RequestsPerSecond)), Measure.Median(p.Select(s => s.P50)), Measure.Median(p.Select(s => s.P95)));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"a2a {loadCase.Name,-7} concurrency {level,2}: ours ({loadCase.Ours}) {oRps:F1} req/s, p50 {o50:F2} ms, p95 {o95:F2} ms; @a2a-js/sdk peer ({loadCase.Peer}) {pRps:F1} req/s, p50 {p50:F2} ms, p95 {p95:F2} ms; req/s {Measure.Versus(oRps, pRps, higherIsBetter: true)}, p50 {Measure.Versus(o50, p50, higherIsBetter: false)}, p95 {Measure.Versus(o95, p95, higherIsBetter: false)}"));
                var prefix = $"a2a_{loadCase.Name}_c{level}";
                result[$"{prefix}_ours_rps"] = Measure.Round(oRps, 1);
                result[$"{prefix}_ours_p50_ms"] = Measure.Round(o50, 3);
                result[$"{prefix}_ours_p95_ms"] = Measure.Round(o95, 3);
                result[$"{prefix}_peer_rps"] = Measure.Round(pRps, 1);
                result[$"{prefix}_peer_p50_ms"] = Measure.Round(p50, 3);
                result[$"{prefix}_peer_p95_ms"] = Measure.Round(p95, 3);
                result[$"{prefix}_rps_ratio"] = Measure.Ratio(oRps, pRps, higherIsBetter: true);
                result[$"{prefix}_p50_ratio"] = Measure.Ratio(o50, p50, higherIsBetter: false);
                result[$"{prefix}_p95_ratio"] = Measure.Ratio(o95, p95, higherIsBetter: false);
            }
        }
    }

    private static Action<int, JsonElement> Check(LoadCase loadCase, A2ALoadDriver driver) => (i, task) => loadCase.Check(driver.Name, i, task);

    /// <summary>A recall answers <see cref="TopK"/> hits, the best of them an event about the topic asked for.</summary>
    private static void CheckRecall(string who, int i, JsonElement task)
    {
        var hits = DataOf(who, task).GetProperty("hits");
        var topic = Topics[i % Topics.Length];
        if (hits.GetArrayLength() != TopK || hits[0].GetProperty("text").GetString() is not { } top || !top.Contains($"the {topic} schedule", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{who}: the recall of '{topic}' answered {hits.GetArrayLength()} hits, the first not about the {topic}: {hits}");
        }
    }

    /// <summary>A stats answer counts the <see cref="Events"/> stored events.</summary>
    private static void CheckStats(string who, int i, JsonElement task)
    {
        var records = DataOf(who, task).GetProperty("namespaces").EnumerateArray().Sum(n => n.GetProperty("records").GetInt32());
        if (records != Events)
        {
            throw new InvalidOperationException($"{who}: stats counted {records} records, not the {Events} stored");
        }
    }

    /// <summary>The data part of the task's first artifact.</summary>
    private static JsonElement DataOf(string who, JsonElement task)
    {
        foreach (var part in task.GetProperty("artifacts")[0].GetProperty("parts").EnumerateArray())
        {
            if (part.TryGetProperty("data", out var data))
            {
                return data;
            }
        }

        throw new InvalidOperationException($"{who}: the task's artifact has no data part: {task}");
    }

    /// <summary>One kind of request of the load benchmark: what each side does for it, the message and the answer's check.</summary>
    private sealed record LoadCase(string Name, string Ours, string Peer, Func<int, JsonObject> Request, Action<string, int, JsonElement> Check);
}
