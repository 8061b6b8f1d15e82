using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ModelContextProtocol.Client;

namespace McpMemory.Benchmarks;

/// <summary>
/// <c>graph</c>: ours against the official <c>@modelcontextprotocol/server-memory</c> as a knowledge-graph memory, both
/// over stdio through the SDK client, one after the other in every run (who goes first alternates), median of the runs.
/// Below <c>--seed-from</c> entities, each run builds the graph from empty through create_entities (batches of 10,
/// every call timed), then times search_nodes calls that each match 3 to 8 entities by substring; ours first waits
/// until every entity is embedded, a wait reported apart. From <c>--seed-from</c> on, both stores are seeded once
/// (server-memory's file written directly; ours loaded from that file with <c>mcp-memory import --format
/// server-memory</c>, then embedded), each run starts from a copy, and times <c>--creates</c> create_entities calls
/// and the searches. Prints a table and the issue's targets as PASS/FAIL lines.
/// Options: <c>--sizes 1000,10000,100000 --seed-from 100000 --runs 5 --searches 200 --creates 100</c>, and
/// <c>--seed-ours tools</c> to load our seed through create_entities (1,000 a call) instead of the import command.
/// </summary>
internal static class GraphBenchmark
{
    private const int BatchSize = 10;
    private const int WarmUpSearches = 5;
    private const int SeedBatchSize = 1000;

    public static async Task<Dictionary<string, object>> RunAsync(BenchmarkArguments arguments)
    {
        var runs = arguments.Int("--runs", 5);
        var sizes = (arguments.Text("--sizes") ?? "1000,10000,100000").Split(',').Select(s => int.Parse(s, NumberStyles.AllowThousands, CultureInfo.InvariantCulture)).Order().ToArray();
        var seedFrom = arguments.Int("--seed-from", 100_000);
        var searches = arguments.Int("--searches", 200);
        var creates = arguments.Int("--creates", 100);
        var seedThroughTools = (arguments.Text("--seed-ours") ?? "import") switch
        {
            "import" => false,
            "tools" => true,
            var other => throw new ArgumentException($"--seed-ours {other}: use import or tools"),
        };
        var node = RepositoryPaths.InstallInterop();
        var data = new GraphData(sizes.Max() + (creates * BatchSize));
        var work = Directory.CreateTempSubdirectory("mcp-memory-bench-graph-");
        try
        {
            Measure.Progress($"graph: sizes {string.Join(", ", sizes.Select(s => s.ToString("N0", CultureInfo.InvariantCulture)))} (seeded from {seedFrom:N0}), {runs} runs, {searches} searches per run, work in {work.FullName}");
            var result = new Dictionary<string, object> { ["graph_runs"] = runs, ["graph_searches"] = searches, ["graph_batch"] = BatchSize };
            var rows = new List<GraphRow>();
            foreach (var size in sizes)
            {
                var row = size >= seedFrom
                    ? await SeededAsync(node, data, size, creates, searches, runs, work.FullName, seedThroughTools, result)
                    : await BuiltAsync(node, data, size, searches, runs, work.FullName);
                rows.Add(row);
                Report(row, result);
            }

            PrintTable(rows);
            Targets(rows, result);
            return result;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>Each run builds the graph of <paramref name="size"/> entities from empty on both servers.</summary>
    private static async Task<GraphRow> BuiltAsync(string node, GraphData data, int size, int searches, int runs, string work)
    {
        var queries = data.Queries(size, searches);
        var row = new GraphRow(size, Seeded: false);
        for (var run = 0; run < runs; run++)
        {
            foreach (var ours in run % 2 == 0 ? new[] { true, false } : [false, true])
            {
                var directory = Path.Combine(work, $"built-{size}-{run}-{(ours ? "ours" : "peer")}");
                Directory.CreateDirectory(directory);
                var sample = await RunSideAsync(node, ours, directory, data, firstNew: 0, newEntities: size, queries, $"{size:N0} run {run + 1}/{runs}");
                (ours ? row.Ours : row.Peer).Add(sample);
                Directory.Delete(directory, recursive: true);
            }
        }

        return row;
    }

    /// <summary>Seeds both stores with <paramref name="size"/> entities once; each run starts from a copy.</summary>
    private static async Task<GraphRow> SeededAsync(string node, GraphData data, int size, int creates, int searches, int runs, string work, bool throughTools, Dictionary<string, object> result)
    {
        var seed = Path.Combine(work, $"seed-{size}");
        Directory.CreateDirectory(seed);
        var memoryFile = Path.Combine(seed, "memory.jsonl");
        var ourSeed = Path.Combine(seed, "data");
        Measure.Progress($"graph: {size:N0}: writing server-memory's file and loading ours ({(throughTools ? "create_entities" : "import --format server-memory")})");
        await data.WriteServerMemoryFileAsync(memoryFile, size);
        var import = throughTools ? TimeSpan.Zero : await GraphServers.ImportIntoOursAsync(memoryFile, ourSeed);
        TimeSpan embedded;
        await using (var client = await GraphServers.StartOursAsync(ourSeed))
        {
            if (throughTools)
            {
                var clock = Stopwatch.StartNew();
                for (var start = 0; start < size; start += SeedBatchSize)
                {
                    var batch = data.Batch(start, Math.Min(SeedBatchSize, size - start));
                    await GraphServers.CallAsync(client, ours: true, "create_entities", new() { ["entities"] = JsonSerializer.SerializeToElement(batch) });
                }

                import = clock.Elapsed;
            }

            embedded = await GraphServers.WaitForOurEmbeddingsAsync(client, $"{size:N0} seed");
            await GraphServers.WaitForOurSnapshotAsync(ourSeed, TimeSpan.FromMinutes(5));
        }

        Measure.Progress(string.Create(CultureInfo.InvariantCulture, $"graph: {size:N0}: ours seeded: loaded in {import.TotalSeconds:F1} s, then embedding {embedded.TotalSeconds:F1} s"));
        result[$"graph_{size}_ours_seed_via"] = throughTools ? "create_entities" : "import";
        result[$"graph_{size}_ours_seed_import_s"] = Measure.Round(import.TotalSeconds, 1);
        result[$"graph_{size}_ours_seed_embed_s"] = Measure.Round(embedded.TotalSeconds, 1);

        var queries = data.Queries(size, searches);
        var row = new GraphRow(size, Seeded: true);
        for (var run = 0; run < runs; run++)
        {
            foreach (var ours in run % 2 == 0 ? new[] { true, false } : [false, true])
            {
                var directory = Path.Combine(work, $"seeded-{size}-{run}-{(ours ? "ours" : "peer")}");
                Directory.CreateDirectory(directory);
                if (ours)
                {
                    await GraphServers.CopyDirectoryAsync(ourSeed, Path.Combine(directory, "data"));
                }
                else
                {
                    File.Copy(memoryFile, Path.Combine(directory, "memory.jsonl"));
                }

                var sample = await RunSideAsync(node, ours, directory, data, firstNew: size, newEntities: creates * BatchSize, queries, $"{size:N0} run {run + 1}/{runs}");
                (ours ? row.Ours : row.Peer).Add(sample);
                Directory.Delete(directory, recursive: true);
            }
        }

        return row;
    }

    /// <summary>
    /// Starts one server on <paramref name="directory"/>, warms it up, times create_entities of entities
    /// <paramref name="firstNew"/> onwards in batches, waits (ours) until all are embedded, and times the searches.
    /// </summary>
    private static async Task<GraphSample> RunSideAsync(string node, bool ours, string directory, GraphData data, int firstNew, int newEntities, List<(string Query, int Matches)> queries, string label)
    {
        var who = ours ? "mcp-memory" : "server-memory";
        await using var client = ours
            ? await GraphServers.StartOursAsync(Path.Combine(directory, "data"))
            : await GraphServers.StartPeerAsync(node, Path.Combine(directory, "memory.jsonl"));
        var startWait = ours ? (await GraphServers.WaitForOurEmbeddingsAsync(client, $"{label} {who} start")).TotalSeconds : 0;

        foreach (var (query, _) in queries.Take(WarmUpSearches))
        {
            await GraphServers.CallAsync(client, ours, "search_nodes", new() { ["query"] = query });
        }

        var createLatencies = new List<double>();
        var ingest = Stopwatch.StartNew();
        for (var start = firstNew; start < firstNew + newEntities; start += BatchSize)
        {
            var count = Math.Min(BatchSize, firstNew + newEntities - start);
            var arguments = new Dictionary<string, object?> { ["entities"] = JsonSerializer.SerializeToElement(data.Batch(start, count)) };
            var began = Stopwatch.GetTimestamp();
            var created = await GraphServers.CallAsync(client, ours, "create_entities", arguments);
            createLatencies.Add(Stopwatch.GetElapsedTime(began).TotalMilliseconds);
            if (created.GetProperty("entities").GetArrayLength() != count)
            {
                throw new InvalidOperationException($"{who} create_entities created {created.GetProperty("entities").GetArrayLength()} of {count} new entities");
            }

            if (createLatencies.Count % 100 == 0)
            {
                await Console.Error.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"\rgraph: {label} {who}: {start + count - firstNew:N0}/{newEntities:N0} entities created   "));
            }
        }

        var ingestSeconds = ingest.Elapsed.TotalSeconds;
        if (createLatencies.Count >= 100)
        {
            await Console.Error.WriteLineAsync();
        }

        var embedWait = ours ? (await GraphServers.WaitForOurEmbeddingsAsync(client, $"{label} {who}")).TotalSeconds : 0;
        var searchLatencies = new List<double>(queries.Count);
        var missed = 0;
        foreach (var (query, matches) in queries)
        {
            var began = Stopwatch.GetTimestamp();
            var found = await GraphServers.CallAsync(client, ours, "search_nodes", new() { ["query"] = query });
            searchLatencies.Add(Stopwatch.GetElapsedTime(began).TotalMilliseconds);
            var byText = found.GetProperty("entities").EnumerateArray().Count(e => !(e.TryGetProperty("match", out var m) && m.GetString() == "meaning"));
            if (!ours && byText != matches)
            {
                throw new InvalidOperationException($"server-memory found {byText} entities for '{query}', the generated data has {matches}: the benchmark's data is wrong");
            }

            missed += byText < matches ? 1 : 0;
        }

        var sample = new GraphSample(
            ingestSeconds,
            Measure.Percentile(createLatencies, 0.5),
            Measure.Percentile(createLatencies, 0.95),
            Measure.Percentile(searchLatencies, 0.5),
            Measure.Percentile(searchLatencies, 0.95),
            embedWait,
            missed,
            startWait,
            createLatencies.Max(),
            searchLatencies.Max());
        Measure.Progress(string.Create(CultureInfo.InvariantCulture,
            $"graph: {label} {who,-13}: {createLatencies.Count} create_entities in {ingestSeconds:F2} s (p50 {sample.CreateP50:F2} ms, p95 {sample.CreateP95:F2} ms, max {sample.CreateMax:F0} ms){(ours ? $", embedded {embedWait:F1} s later" : string.Empty)}; search_nodes p50 {sample.SearchP50:F2} ms, p95 {sample.SearchP95:F2} ms, max {sample.SearchMax:F0} ms{(missed > 0 ? $"; {missed} searches missed text matches" : string.Empty)}"));
        return sample;
    }

    /// <summary>One line per figure with the ratio, and the figures for the JSON line.</summary>
    private static void Report(GraphRow row, Dictionary<string, object> result)
    {
        var prefix = $"graph_{row.Size}";
        result[$"{prefix}_mode"] = row.Seeded ? "seeded" : "built";
        foreach (var (name, pick, unit) in Figures)
        {
            var o = row.Median(ours: true, pick);
            var p = row.Median(ours: false, pick);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"graph {row.Size,7:N0} {row.How,-28} {name,-20}: ours {o:F2} {unit}, server-memory {p:F2} {unit}: {Measure.Versus(o, p, higherIsBetter: false)}"));
            var key = name.Replace(' ', '_');
            result[$"{prefix}_ours_{key}_{unit}"] = Measure.Round(o, 3);
            result[$"{prefix}_peer_{key}_{unit}"] = Measure.Round(p, 3);
            result[$"{prefix}_{key}_ratio"] = Measure.Ratio(o, p, higherIsBetter: false);
        }

        var wait = row.Median(ours: true, s => s.EmbedWaitSeconds);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"graph {row.Size,7:N0} {row.How,-28} ours waited {wait:F1} s after the last create_entities until every entity was embedded (not in the ingest time)"));
        result[$"{prefix}_ours_embed_wait_s"] = Measure.Round(wait, 2);
        result[$"{prefix}_ours_start_wait_s"] = Measure.Round(row.Median(ours: true, s => s.StartWaitSeconds), 2);
        result[$"{prefix}_ours_search_missed"] = row.Ours.Sum(s => s.SearchMissed);
    }

    private static readonly (string Name, Func<GraphSample, double> Pick, string Unit)[] Figures =
    [
        ("ingest", s => s.IngestSeconds, "s"),
        ("create p50", s => s.CreateP50, "ms"),
        ("create p95", s => s.CreateP95, "ms"),
        ("search p50", s => s.SearchP50, "ms"),
        ("search p95", s => s.SearchP95, "ms"),
        ("create max", s => s.CreateMax, "ms"),
        ("search max", s => s.SearchMax, "ms"),
    ];

    private static void PrintTable(List<GraphRow> rows)
    {
        static string Pair(GraphRow row, Func<GraphSample, double> pick, string format) =>
            string.Create(CultureInfo.InvariantCulture, $"{row.Median(true, pick).ToString(format, CultureInfo.InvariantCulture)} / {row.Median(false, pick).ToString(format, CultureInfo.InvariantCulture)} ({Measure.Ratio(row.Median(true, pick), row.Median(false, pick), higherIsBetter: false):F2}x)");

        Console.WriteLine();
        Console.WriteLine("| entities | how | create_entities calls: total s, ours / server-memory | create_entities p50 ms | create_entities p95 ms | search_nodes p50 ms | search_nodes p95 ms | ours: embedding wait s |");
        Console.WriteLine("| ---: | --- | --- | --- | --- | --- | --- | ---: |");
        foreach (var row in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {row.Size:N0} | {row.How} | {Pair(row, s => s.IngestSeconds, "F2")} | {Pair(row, s => s.CreateP50, "F2")} | {Pair(row, s => s.CreateP95, "F2")} | {Pair(row, s => s.SearchP50, "F2")} | {Pair(row, s => s.SearchP95, "F2")} | {row.Median(true, s => s.EmbedWaitSeconds):F1} |"));
        }

        Console.WriteLine("(median of the runs; ratio = server-memory / ours, above 1 means ours is faster)");
        Console.WriteLine();
    }

    /// <summary>The issue's targets, as PASS/FAIL lines (n/a where the size was not measured).</summary>
    private static void Targets(List<GraphRow> rows, Dictionary<string, object> result)
    {
        var small = rows[0];
        var large = rows[^1];
        if (rows.Count > 1)
        {
            var createGrowth = large.Median(true, s => s.CreateP50) / small.Median(true, s => s.CreateP50);
            var searchGrowth = large.Median(true, s => s.SearchP50) / small.Median(true, s => s.SearchP50);
            Target(result, "graph_target_growth", createGrowth < 2 && searchGrowth < 2, string.Create(CultureInfo.InvariantCulture,
                $"our per-call latency grows by less than 2x from {small.Size:N0} to {large.Size:N0} entities: create_entities p50 {small.Median(true, s => s.CreateP50):F2} -> {large.Median(true, s => s.CreateP50):F2} ms ({createGrowth:F2}x), search_nodes p50 {small.Median(true, s => s.SearchP50):F2} -> {large.Median(true, s => s.SearchP50):F2} ms ({searchGrowth:F2}x)"));
        }
        else
        {
            Target(result, "graph_target_growth", null, "our per-call latency grows by less than 2x from the smallest to the largest size: n/a (one size measured)");
        }

        if (rows.Find(r => r.Size == 10_000) is { } mid)
        {
            var (o, p) = (mid.Median(true, s => s.SearchP50), mid.Median(false, s => s.SearchP50));
            Target(result, "graph_target_search_10000", o < p, string.Create(CultureInfo.InvariantCulture, $"our search_nodes p50 at 10,000 entities below server-memory's: {o:F2} ms vs {p:F2} ms"));
        }
        else
        {
            Target(result, "graph_target_search_10000", null, "our search_nodes p50 at 10,000 entities below server-memory's: n/a (10,000 not measured)");
        }

        if (rows.Find(r => r.Size == 100_000) is { } big)
        {
            var create = big.Median(false, s => s.CreateP50) / big.Median(true, s => s.CreateP50);
            var search = big.Median(false, s => s.SearchP50) / big.Median(true, s => s.SearchP50);
            Target(result, "graph_target_10x_100000", create >= 10 && search >= 10, string.Create(CultureInfo.InvariantCulture,
                $"at 100,000 entities at least 10x faster than server-memory on both: create_entities p50 {create:F1}x, search_nodes p50 {search:F1}x"));
        }
        else
        {
            Target(result, "graph_target_10x_100000", null, "at 100,000 entities at least 10x faster than server-memory on both: n/a (100,000 not measured)");
        }
    }

    private static void Target(Dictionary<string, object> result, string key, bool? pass, string text)
    {
        Console.WriteLine($"target {(pass switch { true => "PASS", false => "FAIL", null => "n/a " })}: {text}");
        result[key] = pass switch { true => "pass", false => "fail", null => "n/a" };
    }
}
