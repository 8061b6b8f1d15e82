using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using McpMemory.Core.Retrieval;

namespace McpMemory.Benchmarks;

/// <summary>
/// <c>vectors</c>: top-10 latency (p50, p95) and recall@10 at 10,000 and 100,000 seeded unit-length 384-dim vectors,
/// our <see cref="FlatVectorIndex"/> against LanceDB's flat search (no index) on the same vectors, read from one file.
/// </summary>
internal static class VectorSearchBenchmark
{
    private const int Dimensions = 384;
    private const int K = 10;

    public static async Task<Dictionary<string, object>> RunAsync(BenchmarkArguments arguments)
    {
        var runs = arguments.Int("--runs", 5);
        var queryCount = arguments.Int("--queries", 100);
        int[] sizes = [arguments.Int("--small", 10_000), arguments.Int("--large", 100_000)];
        var node = RepositoryPaths.InstallInterop();
        var work = Directory.CreateTempSubdirectory("mcp-memory-bench-vectors-");
        try
        {
            var random = new Random(20260901);
            var vectors = RandomUnitVectors(random, sizes.Max());
            var queries = RandomUnitVectors(random, queryCount);
            var vectorsFile = Path.Combine(work.FullName, "vectors.f32");
            var queriesFile = Path.Combine(work.FullName, "queries.f32");
            await File.WriteAllBytesAsync(vectorsFile, MemoryMarshal.AsBytes(vectors.AsSpan()).ToArray());
            await File.WriteAllBytesAsync(queriesFile, MemoryMarshal.AsBytes(queries.AsSpan()).ToArray());
            Measure.Progress($"vectors: {sizes.Max():N0} seeded unit vectors of {Dimensions} floats and {queryCount} queries in {work.FullName}; {runs} runs of {queryCount} top-{K} searches per size");

            await using var lance = new LanceDbPeer(node, vectorsFile, Dimensions, Path.Combine(work.FullName, "lancedb"));
            var result = new Dictionary<string, object> { ["vectors_queries"] = queryCount };
            foreach (var size in sizes)
            {
                var index = new FlatVectorIndex(Dimensions);
                for (var i = 0; i < size; i++)
                {
                    index.Add(i, vectors.AsSpan(i * Dimensions, Dimensions));
                }

                await lance.LoadAsync(size);
                var truth = ExactTopK(vectors, size, queries, queryCount);
                var ours = new List<(double P50, double P95)>();
                var peer = new List<(double P50, double P95)>();
                double ourRecall = 0, peerRecall = 0;
                for (var run = 0; run < runs; run++)
                {
                    var lanceFirst = run % 2 == 1;
                    if (lanceFirst)
                    {
                        (var l, peerRecall) = await RunLanceAsync(lance, queriesFile, truth);
                        peer.Add(l);
                    }

                    (var o, ourRecall) = RunOurs(index, queries, queryCount, truth);
                    ours.Add(o);
                    if (!lanceFirst)
                    {
                        (var l, peerRecall) = await RunLanceAsync(lance, queriesFile, truth);
                        peer.Add(l);
                    }

                    Measure.Progress(string.Create(CultureInfo.InvariantCulture, $"vectors: {size,7:N0} run {run + 1}/{runs}: ours p50 {ours[^1].P50:F3} ms p95 {ours[^1].P95:F3} ms; LanceDB p50 {peer[^1].P50:F2} ms p95 {peer[^1].P95:F2} ms"));
                }

                var (o50, o95) = (Measure.Median(ours.Select(x => x.P50)), Measure.Median(ours.Select(x => x.P95)));
                var (p50, p95) = (Measure.Median(peer.Select(x => x.P50)), Measure.Median(peer.Select(x => x.P95)));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"vectors {size,7:N0}: ours p50 {o50:F3} ms p95 {o95:F3} ms recall@10 {ourRecall:F3}; LanceDB flat p50 {p50:F2} ms p95 {p95:F2} ms recall@10 {peerRecall:F3}; p50 {Measure.Versus(o50, p50, higherIsBetter: false)}, p95 {Measure.Versus(o95, p95, higherIsBetter: false)}"));
                var key = size >= 1000 ? $"{size / 1000}k" : size.ToString(CultureInfo.InvariantCulture);
                result[$"vectors_{key}_ours_p50_ms"] = Measure.Round(o50, 3);
                result[$"vectors_{key}_ours_p95_ms"] = Measure.Round(o95, 3);
                result[$"vectors_{key}_ours_recall10"] = Measure.Round(ourRecall, 3);
                result[$"vectors_{key}_lancedb_p50_ms"] = Measure.Round(p50, 2);
                result[$"vectors_{key}_lancedb_p95_ms"] = Measure.Round(p95, 2);
                result[$"vectors_{key}_lancedb_recall10"] = Measure.Round(peerRecall, 3);
                result[$"vectors_{key}_p50_ratio"] = Measure.Ratio(o50, p50, higherIsBetter: false);
                result[$"vectors_{key}_p95_ratio"] = Measure.Ratio(o95, p95, higherIsBetter: false);
            }

            return result;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static ((double P50, double P95) Latency, double Recall) RunOurs(FlatVectorIndex index, float[] queries, int queryCount, int[][] truth)
    {
        var latencies = new List<double>(queryCount);
        double recall = 0;
        for (var q = 0; q < queryCount; q++)
        {
            var query = queries.AsSpan(q * Dimensions, Dimensions);
            var started = Stopwatch.GetTimestamp();
            var hits = index.Search(query, K);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            recall += Recall(hits.Select(h => h.Owner), truth[q]);
        }

        return ((Measure.Percentile(latencies, 0.5), Measure.Percentile(latencies, 0.95)), recall / queryCount);
    }

    private static async Task<((double P50, double P95) Latency, double Recall)> RunLanceAsync(LanceDbPeer lance, string queriesFile, int[][] truth)
    {
        var (latencies, ids) = await lance.SearchAsync(queriesFile, K);
        var recall = ids.Select((row, q) => Recall(row, truth[q])).Average();
        return ((Measure.Percentile(latencies, 0.5), Measure.Percentile(latencies, 0.95)), recall);
    }

    private static double Recall(IEnumerable<int> found, int[] truth) => found.Count(truth.Contains) / (double)truth.Length;

    /// <summary>The exact top-k ids of each query, by a plain scan and a full sort (independent of the index).</summary>
    private static int[][] ExactTopK(float[] vectors, int size, float[] queries, int queryCount)
    {
        var truth = new int[queryCount][];
        Parallel.For(0, queryCount, q =>
        {
            var query = queries.AsSpan(q * Dimensions, Dimensions);
            var scores = new float[size];
            for (var i = 0; i < size; i++)
            {
                scores[i] = TensorPrimitives.Dot(query, vectors.AsSpan(i * Dimensions, Dimensions));
            }

            var ids = Enumerable.Range(0, size).ToArray();
            Array.Sort(scores, ids);
            truth[q] = ids[^K..];
        });
        return truth;
    }

    private static float[] RandomUnitVectors(Random random, int count)
    {
        var values = new float[count * Dimensions];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        for (var i = 0; i < count; i++)
        {
            var vector = values.AsSpan(i * Dimensions, Dimensions);
            TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector), vector);
        }

        return values;
    }
}
