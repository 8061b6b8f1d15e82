using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using McpMemory.Mcp;
using ModelContextProtocol;
using ModelContextProtocol.Client;

namespace McpMemory.Benchmarks;

/// <summary>
/// <c>scale</c>: fills one namespace of a real <c>mcp-memory serve</c> process (stdio, the SDK's client) with N generated
/// conversation turns, waits until every one is embedded, then times episode_search calls end to end (query embedding,
/// search, JSON and the stdio round trip) and reads the server's resident memory from /proc.
/// Options: <c>--records 100000 --queries 300 --data-dir DIR</c>.
/// </summary>
internal static class ScaleBenchmark
{
    public static async Task<Dictionary<string, object>> RunAsync(BenchmarkArguments arguments)
    {
        var records = arguments.Int("--records", 100_000);
        var queries = arguments.Int("--queries", 300);
        var dataDirectory = arguments.Text("--data-dir") ?? Path.Combine(Path.GetTempPath(), "mcp-memory-bench-" + Guid.NewGuid().ToString("N")[..8]);
        var serverDll = RepositoryPaths.ServerDll;
        var random = new Random(20261203);
        var toolOptions = new RequestOptions { JsonSerializerOptions = McpMemoryJsonContext.ToolOptions };

        string[] names = ["Ava", "Ben", "Chloe", "Dev", "Elif", "Femi", "Gus", "Hana", "Ivo", "Jun", "Kai", "Lena", "Milo", "Nia", "Omar", "Pia"];
        string[] verbs = ["visited", "repaired", "painted", "photographed", "cooked", "planned", "cancelled", "booked", "sold", "borrowed", "lost", "found"];
        string[] things = ["the red bicycle", "a sourdough loaf", "the garden shed", "a trip to Lisbon", "the quarterly report", "a vintage camera", "the kitchen tiles", "a concert ticket", "the sailing boat", "a chess set", "the old piano", "a birthday cake", "the hiking boots", "a ceramic vase", "the rooftop garden", "a jazz record"];
        string[] places = ["near the harbour", "at the community centre", "in the mountains", "downtown", "by the river", "at grandma's house", "in the office", "at the market"];
        string[] times = ["last Tuesday", "over the weekend", "this morning", "in early spring", "after work", "during the holidays", "yesterday evening", "a month ago"];
        string Sentence() => $"{Pick(names)} {Pick(verbs)} {Pick(things)} {Pick(places)} {Pick(times)}, and said it was {Pick(["great", "a disaster", "surprisingly easy", "exhausting", "worth it", "too expensive"])}.";
        string Pick(string[] items) => items[random.Next(items.Length)];

        await Console.Error.WriteLineAsync($"mcp-memory scale benchmark: {records:N0} records, {queries} timed searches, data in {dataDirectory}");
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "mcp-memory",
            Command = "dotnet",
            Arguments = [serverDll, "serve", "--data-dir", dataDirectory],
            ShutdownTimeout = TimeSpan.FromSeconds(60),
        });
        await using var client = await McpClient.CreateAsync(transport);

        var clock = Stopwatch.StartNew();
        for (var start = 0; start < records; start += 1000)
        {
            var batch = Enumerable.Range(start, Math.Min(1000, records - start)).Select(i => new Dictionary<string, object?>
            {
                ["text"] = Sentence(),
                ["speaker"] = names[i % names.Length],
                ["conversation_id"] = $"conv-{i / 500}",
                ["timestamp"] = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(i).ToString("O"),
            }).ToList();
            await Call("episode_add", new() { ["episodes"] = batch });
            await Console.Error.WriteAsync($"\ringest {start + batch.Count:N0}/{records:N0} ({(start + batch.Count) / clock.Elapsed.TotalSeconds:F0} records/s acknowledged)   ");
        }

        var ingestSeconds = clock.Elapsed.TotalSeconds;
        await Console.Error.WriteLineAsync(string.Empty);
        while (true)
        {
            var stats = await Call("memory_stats", []);
            var ns = stats.GetProperty("namespaces")[0];
            var pending = ns.GetProperty("pending_embeddings").GetInt64();
            var unflushed = ns.GetProperty("unflushed").GetInt64();
            await Console.Error.WriteAsync($"\rembedding: {records - pending:N0}/{records:N0} done ({(records - pending) / clock.Elapsed.TotalSeconds:F0} records/s), {unflushed:N0} not yet in segments   ");
            if (pending == 0 && unflushed == 0)
            {
                break;
            }

            await Task.Delay(2000);
        }

        var embedSeconds = clock.Elapsed.TotalSeconds;
        await Task.Delay(TimeSpan.FromSeconds(5)); // let the last segment write settle: time searches on a quiet server
        await Console.Error.WriteLineAsync(string.Empty);
        var ownerPid = (await Call("memory_stats", [])).GetProperty("owner_process_id").GetInt32();

        var results = new Dictionary<string, (double P50, double P95, double P99)>();
        foreach (var mode in new[] { "hybrid", "dense", "keyword" })
        {
            var count = mode == "hybrid" ? queries : Math.Max(50, queries / 3);
            for (var i = 0; i < 20; i++)
            {
                await Call("episode_search", new() { ["query"] = Sentence(), ["mode"] = mode });
            }

            var latencies = new List<double>(count);
            for (var i = 0; i < count; i++)
            {
                var query = $"what did {Pick(names)} say about {Pick(things)} {Pick(places)}";
                var timer = Stopwatch.StartNew();
                var result = await Call("episode_search", new() { ["query"] = query, ["mode"] = mode, ["k"] = 10 });
                latencies.Add(timer.Elapsed.TotalMilliseconds);
                if (result.GetProperty("hits").GetArrayLength() == 0)
                {
                    throw new InvalidOperationException($"no hits for '{query}' in {mode} mode");
                }
            }

            latencies.Sort();
            results[mode] = (Percentile(latencies, 0.50), Percentile(latencies, 0.95), Percentile(latencies, 0.99));
            await Console.Error.WriteLineAsync($"{mode}: p50 {results[mode].P50:F2} ms, p95 {results[mode].P95:F2} ms, p99 {results[mode].P99:F2} ms over {count} searches");
        }

        var (rss, peak) = ReadMemory(ownerPid);
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv, $"records {records}, acknowledged {records / ingestSeconds:F0}/s, embedded {records / embedSeconds:F0}/s"));
        Console.WriteLine(string.Create(inv, $"episode_search hybrid p95 {results["hybrid"].P95:F2} ms against the 25 ms bar: {results["hybrid"].P95 / 25:F2}x of the bar"));
        Console.WriteLine(string.Create(inv, $"server resident memory {rss / 1048576.0:F0} MiB (peak {peak / 1048576.0:F0} MiB) against the 1536 MiB bar: {peak / (1536.0 * 1048576):F2}x of the bar"));
        var figures = new Dictionary<string, object>
        {
            ["records"] = records,
            ["ingest_records_per_s"] = Math.Round(records / ingestSeconds, 1),
            ["embedded_records_per_s"] = Math.Round(records / embedSeconds, 1),
            ["hybrid_p50_ms"] = Math.Round(results["hybrid"].P50, 2),
            ["hybrid_p95_ms"] = Math.Round(results["hybrid"].P95, 2),
            ["dense_p95_ms"] = Math.Round(results["dense"].P95, 2),
            ["keyword_p95_ms"] = Math.Round(results["keyword"].P95, 2),
            ["rss_mib"] = Math.Round(rss / 1048576.0),
            ["peak_rss_mib"] = Math.Round(peak / 1048576.0),
        };
        if (arguments.Text("--data-dir") is null)
        {
            await client.DisposeAsync();
            Directory.Delete(dataDirectory, recursive: true);
        }

        return figures;

        async Task<JsonElement> Call(string tool, Dictionary<string, object?> arguments)
        {
            var result = await client.CallToolAsync(tool, arguments, null, toolOptions);
            if (result.IsError == true || result.StructuredContent is not { } content)
            {
                throw new InvalidOperationException($"{tool} failed: {string.Join(" ", result.Content.OfType<ModelContextProtocol.Protocol.TextContentBlock>().Select(c => c.Text))}");
            }

            return content;
        }

        static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

        static (long Rss, long Peak) ReadMemory(int pid)
        {
            long rss = 0, peak = 0;
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
                }
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    peak = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
                }
            }

            return (rss, peak);
        }
    }
}
