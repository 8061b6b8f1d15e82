using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using System.Text.Json;
using McpMemory.Core.Cache;
using McpMemory.Core.Embeddings;
using McpMemory.Embeddings.Onnx;
using McpMemory.Mcp;
using Microsoft.Extensions.AI;
using ModelContextProtocol;
using ModelContextProtocol.Client;

namespace McpMemory.Benchmarks;

/// <summary>
/// <c>cache</c>: the semantic cache's quality by GPTCache's protocol, and its latency. Ours runs in a real server over
/// stdio: every <c>origin</c> of the paraphrase file is stored with <c>cache_store</c>, every <c>similar</c> looked up
/// with <c>cache_lookup</c> (timed); a hit is correct when the question it serves is its own origin, wrong when it is
/// another, else a miss. "Guard off" comes from the same lookups (the candidate the server chose above the threshold,
/// which <c>rejected</c> names when the guard turned it down). Then the adversarial pairs: each side stored in a
/// namespace of its own and the other side looked up; a pair is wrongly served when either lookup hits. In the same run
/// the peer, plain all-MiniLM-L6-v2 cosine with threshold 0.8 (top 1), is computed in this process, and so is a sweep of
/// thresholds from 0.50 to 0.97 for our model (its vectors made as the server makes them, candidates chosen as the server
/// chooses them), from which the shipped defaults were chosen.
/// Options: <c>--pairs FILE --adversarial FILE --limit N --adversarial-limit N --threshold T --lexical-weight W --embedding-model NAME --dump FILE</c>.
/// </summary>
internal static class CacheBenchmark
{
    private const double PeerThreshold = 0.8;
    private const int FullPairs = 999;
    private static readonly RequestOptions ToolOptions = new() { JsonSerializerOptions = McpMemoryJsonContext.ToolOptions };

    public static async Task<Dictionary<string, object>> RunAsync(BenchmarkArguments arguments)
    {
        var pairs = CacheData.LoadParaphrases(CacheData.ParaphrasePath(arguments), arguments.Int("--limit", int.MaxValue));
        var adversarialFile = CacheData.AdversarialPath(arguments);
        var adversarialLimit = arguments.Int("--adversarial-limit", int.MaxValue);
        var adversarial = CacheData.LoadAdversarial(adversarialFile, adversarialLimit);
        var fullAdversarial = adversarial.Count == CacheData.LoadAdversarial(adversarialFile, int.MaxValue).Count;
        var model = arguments.Text("--embedding-model") ?? OnnxEmbeddingModels.ArcticXs.Name;
        var thresholdText = arguments.Text("--threshold");
        var threshold = thresholdText is null ? new SemanticCacheOptions().Threshold : double.Parse(thresholdText, CultureInfo.InvariantCulture);
        var weightText = arguments.Text("--lexical-weight");
        var weight = weightText is null ? new SemanticCacheOptions().LexicalWeight : double.Parse(weightText, CultureInfo.InvariantCulture);
        Measure.Progress($"cache: {pairs.Count} paraphrase pairs, {adversarial.Count} adversarial pairs, ours with {model} at threshold {threshold.ToString(CultureInfo.InvariantCulture)} with lexical weight {weight.ToString(CultureInfo.InvariantCulture)} (guard on), peer all-MiniLM-L6-v2 cosine at {PeerThreshold.ToString(CultureInfo.InvariantCulture)}");

        var result = new Dictionary<string, object>
        {
            ["cache_pairs"] = pairs.Count,
            ["cache_adversarial_pairs"] = adversarial.Count,
            ["cache_model"] = model,
            ["cache_threshold"] = threshold,
            ["cache_lexical_weight"] = weight,
        };
        var ours = await OursAsync(pairs, adversarial, model, thresholdText, weightText);
        var peer = await PeerAsync(pairs, adversarial);
        var sweep = await SweepAsync(pairs, adversarial, model, weight, arguments.Text("--dump"));

        Report(result, "ours", ours.Paraphrase, ours.AdversarialServed);
        Report(result, "guard_off", ours.GuardOff, ours.AdversarialServedGuardOff);
        Report(result, "peer", peer.Paraphrase, peer.AdversarialServed);
        result["cache_ours_guard_rejected_correct"] = ours.RejectedCorrect;
        result["cache_ours_lookup_hit_p50_ms"] = Measure.Round(ours.HitLatencies.Count > 0 ? Measure.Percentile(ours.HitLatencies, 0.5) : 0, 2);
        result["cache_ours_lookup_hit_p95_ms"] = Measure.Round(ours.HitLatencies.Count > 0 ? Measure.Percentile(ours.HitLatencies, 0.95) : 0, 2);
        result["cache_ours_lookup_miss_p50_ms"] = Measure.Round(ours.MissLatencies.Count > 0 ? Measure.Percentile(ours.MissLatencies, 0.5) : 0, 2);
        result["cache_ours_lookup_miss_p95_ms"] = Measure.Round(ours.MissLatencies.Count > 0 ? Measure.Percentile(ours.MissLatencies, 0.95) : 0, 2);
        result["cache_ours_adversarial_by_category"] = ours.ServedByCategory;

        Console.WriteLine();
        Console.WriteLine($"| paraphrase pairs ({pairs.Count}) | correct hits | wrong hits | misses | adversarial pairs served (of {adversarial.Count}) |");
        Console.WriteLine("| --- | --- | --- | --- | --- |");
        Row($"ours, {model}, threshold {threshold.ToString(CultureInfo.InvariantCulture)}, guard on (shipped default)", ours.Paraphrase, ours.AdversarialServed);
        Row($"ours, {model}, threshold {threshold.ToString(CultureInfo.InvariantCulture)}, guard off", ours.GuardOff, ours.AdversarialServedGuardOff);
        Row($"peer: all-MiniLM-L6-v2 cosine, threshold {PeerThreshold.ToString(CultureInfo.InvariantCulture)}", peer.Paraphrase, peer.AdversarialServed);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"guard: turned down {ours.RejectedCorrect} correct hits of the {pairs.Count} true pairs; adversarial pairs served by category: {string.Join(", ", ours.ServedByCategory.Select(c => $"{c.Key} {c.Value}"))}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cache_lookup over stdio: hit p50 {result["cache_ours_lookup_hit_p50_ms"]} ms, p95 {result["cache_ours_lookup_hit_p95_ms"]} ms ({ours.HitLatencies.Count} hits); miss p50 {result["cache_ours_lookup_miss_p50_ms"]} ms, p95 {result["cache_ours_lookup_miss_p95_ms"]} ms ({ours.MissLatencies.Count} misses)"));
        Console.WriteLine();
        PrintSweep(sweep, result);

        var full = pairs.Count == FullPairs;
        Target(result, "cache_target_correct", full ? ours.Paraphrase.Correct >= 880 : null, $"at least 880 correct hits at the shipped default: {(full ? ours.Paraphrase.Correct.ToString(CultureInfo.InvariantCulture) : $"n/a ({pairs.Count} pairs, not the full {FullPairs})")}");
        Target(result, "cache_target_wrong", full ? ours.Paraphrase.Wrong <= 40 : null, $"at most 40 wrong hits at the shipped default: {(full ? ours.Paraphrase.Wrong.ToString(CultureInfo.InvariantCulture) : $"n/a ({pairs.Count} pairs, not the full {FullPairs})")}");
        Target(result, "cache_target_adversarial", fullAdversarial ? ours.AdversarialServed <= 2 : null, $"at most 2 adversarial pairs wrongly served: {(fullAdversarial ? ours.AdversarialServed.ToString(CultureInfo.InvariantCulture) : $"n/a ({adversarial.Count} pairs, not the whole set)")}");
        return result;
    }

    private sealed record Counts(int Correct, int Wrong, int Misses);

    private sealed record OursResult(
        Counts Paraphrase, Counts GuardOff, int RejectedCorrect, int AdversarialServed, int AdversarialServedGuardOff,
        Dictionary<string, int> ServedByCategory, List<double> HitLatencies, List<double> MissLatencies);

    private sealed record PeerResult(Counts Paraphrase, int AdversarialServed);

    private static async Task<OursResult> OursAsync(List<CacheData.Paraphrase> pairs, List<CacheData.Adversarial> adversarial, string model, string? threshold, string? weight)
    {
        var work = Directory.CreateTempSubdirectory("mcp-memory-bench-cache-");
        try
        {
            var environment = new Dictionary<string, string?>();
            if (threshold is not null)
            {
                environment["MCPMEMORY_McpMemory__Cache__Threshold"] = threshold;
            }

            if (weight is not null)
            {
                environment["MCPMEMORY_McpMemory__Cache__LexicalWeight"] = weight;
            }

            var (command, serveArgs) = ServerLaunch.Ours("serve", "--data-dir", work.FullName, "--embedding-model", model);
            await using var client = await ServerLaunch.ConnectStdioAsync("mcp-memory", command, serveArgs, environment);
            var hits = new List<double>();
            var misses = new List<double>();

            Measure.Progress($"cache: ours: storing {pairs.Count} origins");
            await StoreAllAsync(client, "paraphrase", pairs.Select(p => p.Origin));
            await LookupAsync(client, "paraphrase", "a warm-up question that waits for every stored question's embedding", null, null);
            var (correct, wrong, missed, offCorrect, offWrong, offMissed, rejectedCorrect) = (0, 0, 0, 0, 0, 0, 0);
            for (var i = 0; i < pairs.Count; i++)
            {
                var lookup = await LookupAsync(client, "paraphrase", pairs[i].Similar, hits, misses);
                var origin = pairs[i].Origin;
                if (lookup.Served is null)
                {
                    missed++;
                }
                else if (lookup.Served == origin)
                {
                    correct++;
                }
                else
                {
                    wrong++;
                }

                if (lookup.Top is null)
                {
                    offMissed++;
                }
                else if (lookup.Top == origin)
                {
                    offCorrect++;
                }
                else
                {
                    offWrong++;
                }

                if (lookup.Served != origin && lookup.Rejected.Contains(origin))
                {
                    rejectedCorrect++;
                }

                if ((i + 1) % 200 == 0)
                {
                    Measure.Progress($"cache: ours: {i + 1}/{pairs.Count} looked up: {correct} correct, {wrong} wrong, {missed} misses");
                }
            }

            Measure.Progress($"cache: ours: adversarial pairs, each side stored and the other looked up");
            await StoreAllAsync(client, "adversarial-a", adversarial.Select(p => p.A));
            await StoreAllAsync(client, "adversarial-b", adversarial.Select(p => p.B));
            await LookupAsync(client, "adversarial-a", "a warm-up question", null, null);
            await LookupAsync(client, "adversarial-b", "a warm-up question", null, null);
            var (served, servedOff) = (0, 0);
            var byCategory = adversarial.Select(p => p.Category).Distinct().ToDictionary(c => c, _ => 0);
            foreach (var pair in adversarial)
            {
                var forward = await LookupAsync(client, "adversarial-a", pair.B, hits, misses);
                var backward = await LookupAsync(client, "adversarial-b", pair.A, hits, misses);
                if (forward.Served is not null || backward.Served is not null)
                {
                    served++;
                    byCategory[pair.Category]++;
                    Measure.Progress($"cache: ours: served across an adversarial pair ({pair.Category}): '{pair.A}' / '{pair.B}'");
                }

                if (forward.Top is not null || backward.Top is not null)
                {
                    servedOff++;
                }
            }

            return new OursResult(new Counts(correct, wrong, missed), new Counts(offCorrect, offWrong, offMissed), rejectedCorrect, served, servedOff, byCategory, hits, misses);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static async Task StoreAllAsync(McpClient client, string ns, IEnumerable<string> questions)
    {
        var i = 0;
        foreach (var question in questions)
        {
            var stored = await client.CallToolAsync("cache_store", new Dictionary<string, object?>
            {
                ["query"] = question,
                ["answer"] = $"answer {i++}",
                ["namespace"] = ns,
            }, null, ToolOptions);
            if (stored.IsError == true)
            {
                throw new InvalidOperationException($"cache: cache_store failed: {JsonSerializer.Serialize(stored.Content)}");
            }
        }
    }

    private sealed record Lookup(string? Served, string? Top, List<string> Rejected);

    private static async Task<Lookup> LookupAsync(McpClient client, string ns, string question, List<double>? hits, List<double>? misses)
    {
        var clock = Stopwatch.StartNew();
        var reply = await client.CallToolAsync("cache_lookup", new Dictionary<string, object?> { ["query"] = question, ["namespace"] = ns }, null, ToolOptions);
        var elapsed = clock.Elapsed.TotalMilliseconds;
        if (reply.IsError == true || reply.StructuredContent is not { } content)
        {
            throw new InvalidOperationException($"cache: cache_lookup failed: {JsonSerializer.Serialize(reply.Content)}");
        }

        var hit = content.GetProperty("hit").GetBoolean();
        (hit ? hits : misses)?.Add(elapsed);
        var served = hit ? content.GetProperty("cached_query").GetString() : null;
        var rejected = content.GetProperty("rejected").EnumerateArray().Select(r => r.GetProperty("cached_query").GetString()!).ToList();
        return new Lookup(served, rejected.Count > 0 ? rejected[0] : served, rejected);
    }

    private static async Task<PeerResult> PeerAsync(List<CacheData.Paraphrase> pairs, List<CacheData.Adversarial> adversarial)
    {
        Measure.Progress("cache: peer: all-MiniLM-L6-v2, plain cosine, top 1");
        using var embedder = OnnxEmbeddingGeneratorFactory.Create(new OnnxEmbeddingOptions { Model = OnnxEmbeddingModels.MiniLM.Name });
        var origins = await EmbedAsync(embedder, pairs.Select(p => p.Origin), query: false);
        var similars = await EmbedAsync(embedder, pairs.Select(p => p.Similar), query: false);
        var (correct, wrong, missed) = (0, 0, 0);
        for (var i = 0; i < pairs.Count; i++)
        {
            var (best, score) = Nearest(origins, similars[i]);
            if (score < PeerThreshold)
            {
                missed++;
            }
            else if (pairs[best].Origin == pairs[i].Origin)
            {
                correct++;
            }
            else
            {
                wrong++;
            }
        }

        var a = await EmbedAsync(embedder, adversarial.Select(p => p.A), query: false);
        var b = await EmbedAsync(embedder, adversarial.Select(p => p.B), query: false);
        var served = 0;
        for (var i = 0; i < adversarial.Count; i++)
        {
            if (Nearest(a, b[i]).Score >= PeerThreshold || Nearest(b, a[i]).Score >= PeerThreshold)
            {
                served++;
            }
        }

        return new PeerResult(new Counts(correct, wrong, missed), served);
    }

    private sealed record SweepRow(double Threshold, Counts GuardOn, Counts GuardOff, int AdversarialOn, int AdversarialOff, int RejectedCorrect);

    // Our model's vectors made as the server makes them (stored questions and lookups alike, as records), the top
    // candidates of each lookup, and what every threshold from 0.50 to 0.97 would give with the guard on and off.
    private static async Task<List<SweepRow>> SweepAsync(List<CacheData.Paraphrase> pairs, List<CacheData.Adversarial> adversarial, string model, double weight, string? dump)
    {
        Measure.Progress($"cache: threshold sweep with {model}");
        const int candidates = 5;
        using var embedder = OnnxEmbeddingGeneratorFactory.Create(new OnnxEmbeddingOptions { Model = model });
        var origins = await EmbedAsync(embedder, pairs.Select(p => p.Origin), query: false);
        var similars = await EmbedAsync(embedder, pairs.Select(p => p.Similar), query: false);
        var a = await EmbedAsync(embedder, adversarial.Select(p => p.A), query: false);
        var b = await EmbedAsync(embedder, adversarial.Select(p => p.B), query: false);
        var aQuery = a;
        var bStored = b;

        Candidate Make(string stored, string query, int index, double score) =>
            new(index, score, CacheGuard.Check(stored, query).Accepted, CacheGuard.TrigramOverlap(stored, query));
        var lookups = new List<Candidate[]>();
        for (var i = 0; i < pairs.Count; i++)
        {
            lookups.Add([.. Top(origins, similars[i], candidates).Select(c => Make(pairs[c.Index].Origin, pairs[i].Similar, c.Index, c.Score))]);
        }

        var adversarialLookups = new List<(Candidate[] Forward, Candidate[] Backward)>();
        for (var i = 0; i < adversarial.Count; i++)
        {
            var forward = Top(a, b[i], candidates).Select(c => Make(adversarial[c.Index].A, adversarial[i].B, c.Index, c.Score)).ToArray();
            var backward = Top(bStored, aQuery[i], candidates).Select(c => Make(adversarial[c.Index].B, adversarial[i].A, c.Index, c.Score)).ToArray();
            adversarialLookups.Add((forward, backward));
        }

        if (dump is not null)
        {
            // Every lookup's candidates (index, cosine, guard verdict, word overlap) for analysis outside this program.
            object Candidate(string stored, string query, int index, double score) => new
            {
                index,
                score = Math.Round(score, 5),
                check = CacheGuard.Check(stored, query).Check,
                overlap = Math.Round(CacheGuard.WordOverlap(stored, query), 4),
                trigrams = Math.Round(CacheGuard.TrigramOverlap(stored, query), 4),
            };
            var data = new
            {
                origins = pairs.Select(p => p.Origin),
                paraphrase = pairs.Select((p, i) => Top(origins, similars[i], candidates).Select(c => Candidate(pairs[c.Index].Origin, p.Similar, c.Index, c.Score))),
                forward = adversarial.Select((p, i) => Top(a, b[i], candidates).Select(c => Candidate(adversarial[c.Index].A, p.B, c.Index, c.Score))),
                backward = adversarial.Select((p, i) => Top(bStored, aQuery[i], candidates).Select(c => Candidate(adversarial[c.Index].B, p.A, c.Index, c.Score))),
            };
            await File.WriteAllTextAsync(dump, JsonSerializer.Serialize(data));
            Measure.Progress($"cache: candidates written to {dump}");
        }

        var rows = new List<SweepRow>();
        for (var step = 50; step <= 97; step++)
        {
            var t = step / 100.0;
            var (on, off, rejectedCorrect) = (new int[3], new int[3], 0);
            for (var i = 0; i < pairs.Count; i++)
            {
                // As the server decides: of the candidates at or above the threshold, the best by similarity plus the
                // weight times character overlap, served when the guard accepts it.
                var top = Choose(lookups[i], t, weight);
                Tally(on, top is { Guard: true } ? top.Index : -1, pairs, i);
                Tally(off, top?.Index ?? -1, pairs, i);
                if (top is { Guard: false } && pairs[top.Index].Origin == pairs[i].Origin)
                {
                    rejectedCorrect++;
                }
            }

            var advOn = adversarialLookups.Count(l => Choose(l.Forward, t, weight) is { Guard: true } || Choose(l.Backward, t, weight) is { Guard: true });
            var advOff = adversarialLookups.Count(l => Choose(l.Forward, t, weight) is not null || Choose(l.Backward, t, weight) is not null);
            rows.Add(new SweepRow(t, new Counts(on[0], on[1], on[2]), new Counts(off[0], off[1], off[2]), advOn, advOff, rejectedCorrect));
        }

        return rows;
    }

    private sealed record Candidate(int Index, double Score, bool Guard, double Overlap);

    private static Candidate? Choose(Candidate[] candidates, double threshold, double weight) =>
        candidates.Where(c => c.Score >= threshold).MaxBy(c => c.Score + (weight * c.Overlap));

    private static void Tally(int[] counts, int served, List<CacheData.Paraphrase> pairs, int i)
    {
        if (served < 0)
        {
            counts[2]++;
        }
        else if (pairs[served].Origin == pairs[i].Origin)
        {
            counts[0]++;
        }
        else
        {
            counts[1]++;
        }
    }

    private static void PrintSweep(List<SweepRow> sweep, Dictionary<string, object> result)
    {
        Console.WriteLine("threshold sweep (our model in this process, vectors as the server makes them; correct / wrong / misses, adversarial pairs served, correct hits the guard turned down):");
        Console.WriteLine("| threshold | guard on | adversarial, guard on | guard off | adversarial, guard off | turned down |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- |");
        foreach (var row in sweep)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {row.Threshold:F2} | {row.GuardOn.Correct} / {row.GuardOn.Wrong} / {row.GuardOn.Misses} | {row.AdversarialOn} | {row.GuardOff.Correct} / {row.GuardOff.Wrong} / {row.GuardOff.Misses} | {row.AdversarialOff} | {row.RejectedCorrect} |"));
        }

        Console.WriteLine();
        result["cache_sweep"] = sweep.Select(r => new Dictionary<string, object>
        {
            ["threshold"] = r.Threshold,
            ["guard_on"] = new[] { r.GuardOn.Correct, r.GuardOn.Wrong, r.GuardOn.Misses },
            ["guard_off"] = new[] { r.GuardOff.Correct, r.GuardOff.Wrong, r.GuardOff.Misses },
            ["adversarial_on"] = r.AdversarialOn,
            ["adversarial_off"] = r.AdversarialOff,
            ["turned_down"] = r.RejectedCorrect,
        }).ToList();
    }

    private static async Task<float[][]> EmbedAsync(IEmbeddingGenerator<string, Embedding<float>> embedder, IEnumerable<string> texts, bool query)
    {
        var list = texts.ToList();
        var vectors = new float[list.Count][];
        for (var offset = 0; offset < list.Count; offset += 32)
        {
            var batch = list.GetRange(offset, Math.Min(32, list.Count - offset));
            var embeddings = await embedder.GenerateAsync(batch, query ? EmbeddingInputType.ForQuery : null);
            for (var i = 0; i < batch.Count; i++)
            {
                vectors[offset + i] = embeddings[i].Vector.ToArray();
            }
        }

        return vectors;
    }

    private static (int Index, double Score) Nearest(float[][] stored, float[] query) =>
        Top(stored, query, 1) is [var best, ..] ? best : (-1, double.NegativeInfinity);

    private static List<(int Index, double Score)> Top(float[][] stored, float[] query, int k) =>
        [.. stored.Select((v, i) => (Index: i, Score: (double)TensorPrimitives.Dot(v, query))).OrderByDescending(c => c.Score).ThenBy(c => c.Index).Take(k)];

    private static void Report(Dictionary<string, object> result, string who, Counts counts, int adversarialServed)
    {
        result[$"cache_{who}_correct"] = counts.Correct;
        result[$"cache_{who}_wrong"] = counts.Wrong;
        result[$"cache_{who}_misses"] = counts.Misses;
        result[$"cache_{who}_adversarial_served"] = adversarialServed;
    }

    private static void Row(string who, Counts counts, int adversarialServed) =>
        Console.WriteLine($"| {who} | {counts.Correct} | {counts.Wrong} | {counts.Misses} | {adversarialServed} |");

    private static void Target(Dictionary<string, object> result, string key, bool? pass, string text)
    {
        Console.WriteLine($"target {(pass switch { true => "PASS", false => "FAIL", null => "n/a " })}: {text}");
        result[key] = pass switch { true => "pass", false => "fail", null => "n/a" };
    }
}
