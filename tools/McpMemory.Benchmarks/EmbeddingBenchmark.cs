using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using McpMemory.Embeddings.Onnx;
using Microsoft.Extensions.AI;

namespace McpMemory.Benchmarks;

/// <summary>
/// <c>embed</c>: sentences per second at batch 1 and batch 32 on real LoCoMo turns, ours (<c>OnnxEmbeddingGenerator</c>
/// through its factory, default settings) against a plain ONNX Runtime session (<see cref="PlainOnnxEmbedder"/>), the
/// two interleaved in every run so both see the same machine load.
/// </summary>
internal static class EmbeddingBenchmark
{
    public static async Task<Dictionary<string, object>> RunAsync(BenchmarkArguments arguments)
    {
        var sentenceCount = arguments.Int("--sentences", 320);
        var runs = arguments.Int("--runs", 5);
        var sentences = LocomoTurns.Sample(RepositoryPaths.Locomo(arguments), sentenceCount);
        var model = OnnxEmbeddingModels.ArcticXs;
        Measure.Progress($"embed: {sentences.Count} LoCoMo turns (mean {sentences.Average(s => s.Length):F0} chars), model {model.ModelId}, {runs} runs, batch 1 and 32");

        using var ours = OnnxEmbeddingGeneratorFactory.Create(new OnnxEmbeddingOptions());
        using var int8 = OnnxEmbeddingGeneratorFactory.Create(new OnnxEmbeddingOptions { Model = OnnxEmbeddingModels.ArcticXsInt8.Name });
        using var peer = new PlainOnnxEmbedder(model);

        // Warm up both and check they compute the same vectors.
        var warm = sentences.Take(32).ToArray();
        var ourVectors = await ours.GenerateAsync(warm);
        var peerVectors = peer.Embed(warm);
        var minCosine = Enumerable.Range(0, warm.Length).Min(i => TensorPrimitives.Dot(ourVectors[i].Vector.Span, peerVectors[i]));
        Measure.Progress(string.Create(CultureInfo.InvariantCulture, $"embed: lowest cosine between our vectors and the peer's: {minCosine:F6}"));
        var int8Vectors = await int8.GenerateAsync(warm);
        var int8Cosine = Enumerable.Range(0, warm.Length).Min(i => TensorPrimitives.Dot(int8Vectors[i].Vector.Span, peerVectors[i]));
        Measure.Progress(string.Create(CultureInfo.InvariantCulture, $"embed: lowest cosine between our int8 model's vectors and the peer's: {int8Cosine:F6}"));

        var figures = new Dictionary<string, List<double>>();
        foreach (var batch in new[] { 1, 32 })
        {
            for (var run = 0; run < runs; run++)
            {
                // Alternate who goes first, so neither always runs on a cooler or hotter machine.
                var order = run % 2 == 0 ? new[] { "ours", "int8", "peer" } : ["peer", "int8", "ours"];
                foreach (var who in order)
                {
                    var clock = Stopwatch.StartNew();
                    for (var offset = 0; offset < sentences.Count; offset += batch)
                    {
                        var slice = sentences.GetRange(offset, Math.Min(batch, sentences.Count - offset));
                        if (who == "ours")
                        {
                            _ = await ours.GenerateAsync(slice);
                        }
                        else if (who == "int8")
                        {
                            _ = await int8.GenerateAsync(slice);
                        }
                        else
                        {
                            _ = peer.Embed(slice);
                        }
                    }

                    var rate = sentences.Count / clock.Elapsed.TotalSeconds;
                    Add(figures, $"{who}_batch{batch}", rate);
                    Measure.Progress(string.Create(CultureInfo.InvariantCulture, $"embed: batch {batch,2} run {run + 1}/{runs} {who}: {rate:F1} sentences/s"));
                }
            }
        }

        var result = new Dictionary<string, object>
        {
            ["embed_sentences"] = sentences.Count,
            ["embed_min_cosine_vs_peer"] = Math.Round(minCosine, 6),
            ["embed_int8_min_cosine_vs_peer"] = Math.Round(int8Cosine, 6),
        };
        foreach (var batch in new[] { 1, 32 })
        {
            var o = Measure.Median(figures[$"ours_batch{batch}"]);
            var p = Measure.Median(figures[$"peer_batch{batch}"]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"embed batch {batch,2}: ours {o:F1} sentences/s, plain ONNX Runtime {p:F1} sentences/s: {Measure.Versus(o, p, higherIsBetter: true)}"));
            result[$"embed_b{batch}_ours_per_s"] = Measure.Round(o, 1);
            result[$"embed_b{batch}_peer_per_s"] = Measure.Round(p, 1);
            result[$"embed_b{batch}_ratio"] = Measure.Ratio(o, p, higherIsBetter: true);
            var q = Measure.Median(figures[$"int8_batch{batch}"]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"embed batch {batch,2}: ours int8 (arctic-xs-int8) {q:F1} sentences/s, plain ONNX Runtime {p:F1} sentences/s: {Measure.Versus(q, p, higherIsBetter: true)}"));
            result[$"embed_b{batch}_int8_per_s"] = Measure.Round(q, 1);
            result[$"embed_b{batch}_int8_ratio"] = Measure.Ratio(q, p, higherIsBetter: true);
        }

        return result;
    }

    private static void Add(Dictionary<string, List<double>> figures, string key, double value)
    {
        if (!figures.TryGetValue(key, out var list))
        {
            figures[key] = list = [];
        }

        list.Add(value);
    }
}
