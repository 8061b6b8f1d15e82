using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using McpMemory.Core;
using McpMemory.Core.Episodic;
using McpMemory.Embeddings.Onnx;
using McpMemory.Server.Cli;
using McpMemory.Server.Clients;
using ModelContextProtocol.Protocol;

namespace McpMemory.Server.Eval;

/// <summary>
/// <c>mcp-memory eval locomo --data FILE</c>: ingests every conversation of a LoCoMo-format file into a real server
/// process through MCP (one record per turn), asks every question of categories 1-4 that has evidence through
/// <c>episode_search</c> within its conversation, and reports evidence recall@5/10/25 against a plain baseline
/// computed in the same run, with ingest throughput and search latency. Ends with one JSON line.
/// </summary>
internal static class EvalCommand
{
    private static readonly string[] CategoryNames = ["", "multi-hop", "temporal", "open-domain", "single-hop"];

    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "A file in LoCoMo's format (a JSON array of samples with conversation and qa).", Required = true };
        var output = new Option<string?>("--out") { Description = "Also write the JSON result to this file." };
        var mode = new Option<string>("--mode") { Description = "The episode_search mode to evaluate: hybrid (default), dense or keyword.", DefaultValueFactory = _ => "hybrid" };
        var locomo = new Command("locomo", "Evaluate evidence recall on a LoCoMo-format file against a real server process and a plain baseline in the same run.")
        {
            data, output, mode,
        };
        locomo.SetAction((parse, ct) => RunAsync(
            parse.GetValue(data)!, parse.GetValue(output), parse.GetValue(mode)!, parse.GetValue(CommonOptions.DataDir), parse.GetValue(CommonOptions.EmbeddingModel), ct));
        return new Command("eval", "Measure retrieval quality on a benchmark.") { locomo };
    }

    private static async Task<int> RunAsync(string dataFile, string? outputFile, string mode, string? dataDirectory, string? embeddingModel, CancellationToken cancellationToken)
    {
        EpisodicMemory.ParseMode(mode);
        if (outputFile is not null)
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(outputFile))!;
            Directory.CreateDirectory(folder);
        }

        var conversations = LocomoDataset.Load(dataFile);
        if (!conversations.Any(c => c.Questions.Any(q => q.Category is >= 1 and <= 4 && q.Evidence.Count > 0)))
        {
            throw new McpMemoryException(McpMemoryErrorCodes.InvalidArgument, $"'{dataFile}' has no questions of categories 1-4 with evidence, so there is nothing to evaluate.");
        }

        var totalTurns = conversations.Sum(c => c.Turns.Count);
        await Console.Error.WriteLineAsync($"LoCoMo: {conversations.Count} conversations, {totalTurns} turns, {conversations.Sum(c => c.Questions.Count)} questions in {dataFile}");
        var temporary = dataDirectory is null;
        var directory = dataDirectory ?? Path.Combine(Path.GetTempPath(), "mcp-memory-eval-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            string[] serverArguments = embeddingModel is null ? [] : ["--embedding-model", embeddingModel];
            await using var client = await MemoryClient.StartAsync(directory, serverArguments, null, cancellationToken).ConfigureAwait(false);

            // Ingest through MCP, one record per turn, each conversation on its own.
            var ingestBar = new TerminalProgress("ingest", totalTurns);
            var ingestClock = Stopwatch.StartNew();
            var done = 0;
            var idToDia = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var conversation in conversations)
            {
                foreach (var chunk in conversation.Turns.Chunk(1000))
                {
                    var inputs = chunk.Select(t => LocomoRecords.ToInput(conversation.Id, t)).ToList();
                    var added = await client.AddAsync(inputs, null, null, cancellationToken).ConfigureAwait(false);
                    for (var i = 0; i < chunk.Length; i++)
                    {
                        idToDia[added.Ids[i]] = chunk[i].DiaId;
                    }

                    done += chunk.Length;
                    ingestBar.Suffix = $"{done / ingestClock.Elapsed.TotalSeconds:F0} turns/s";
                    ingestBar.Report(done);
                }
            }

            var ingestSeconds = ingestClock.Elapsed.TotalSeconds;

            // The plain baseline, in this process, while the server embeds in the background.
            using var minilm = OnnxEmbeddingGeneratorFactory.Create(new OnnxEmbeddingOptions { Model = OnnxEmbeddingModels.MiniLM.Name });
            var baseline = new PlainBaseline(minilm);
            var baselineBar = new TerminalProgress("baseline index", conversations.Count);
            for (var i = 0; i < conversations.Count; i++)
            {
                await baseline.IndexAsync(conversations[i], cancellationToken).ConfigureAwait(false);
                baselineBar.Report(i + 1);
            }

            // Wait until the server has embedded everything, so that searches are timed on an idle server.
            foreach (var conversation in conversations)
            {
                await client.SearchAsync(new Dictionary<string, object?> { ["query"] = "warm up", ["k"] = 1, ["conversation_id"] = conversation.Id, ["wait_for_embeddings"] = true }, cancellationToken).ConfigureAwait(false);
            }

            var embedSeconds = ingestClock.Elapsed.TotalSeconds;

            var ours = new Tallies();
            var plain = new Tallies();
            var latencies = new List<double>();
            var dropped = 0;
            var questions = conversations.SelectMany((c, index) => c.Questions.Where(q => q.Category is >= 1 and <= 4 && q.Evidence.Count > 0).Select(q => (Conversation: c, Index: index, Question: q))).ToList();
            var askBar = new TerminalProgress("questions", questions.Count);
            var asked = 0;
            foreach (var (conversation, index, question) in questions)
            {
                var present = conversation.Turns.Select(t => t.DiaId).ToHashSet(StringComparer.Ordinal);
                var evidence = question.Evidence.Where(present.Contains).Distinct(StringComparer.Ordinal).ToList();
                dropped += question.Evidence.Distinct(StringComparer.Ordinal).Count() - evidence.Count;
                askBar.Report(++asked);
                if (evidence.Count == 0)
                {
                    continue;
                }

                var clock = Stopwatch.StartNew();
                var result = await client.SearchAsync(new Dictionary<string, object?>
                {
                    ["query"] = question.Question,
                    ["k"] = RecallTally.Ks[^1],
                    ["conversation_id"] = conversation.Id,
                    ["mode"] = mode,
                }, cancellationToken).ConfigureAwait(false);
                latencies.Add(clock.Elapsed.TotalMilliseconds);
                var ranked = result.Hits.Select(h => idToDia.GetValueOrDefault(h.Episode.Id, "")).ToList();
                ours.Add(index, conversations.Count, question.Category, ranked, evidence);
                plain.Add(index, conversations.Count, question.Category, await baseline.SearchAsync(conversation.Id, question.Question, RecallTally.Ks[^1], cancellationToken).ConfigureAwait(false), evidence);
            }

            latencies.Sort();
            var report = new Dictionary<string, object>
            {
                ["recall_at_5"] = Round(ours.All.RecallAt(5)),
                ["recall_at_10"] = Round(ours.All.RecallAt(10)),
                ["recall_at_25"] = Round(ours.All.RecallAt(25)),
                ["baseline_recall_at_5"] = Round(plain.All.RecallAt(5)),
                ["baseline_recall_at_10"] = Round(plain.All.RecallAt(10)),
                ["baseline_recall_at_25"] = Round(plain.All.RecallAt(25)),
                ["questions"] = ours.All.Questions,
                ["dropped_evidence_ids"] = dropped,
                ["first_half_recall_at_10"] = Round(ours.FirstHalf.RecallAt(10)),
                ["first_half_baseline_recall_at_10"] = Round(plain.FirstHalf.RecallAt(10)),
                ["second_half_recall_at_10"] = Round(ours.SecondHalf.RecallAt(10)),
                ["second_half_baseline_recall_at_10"] = Round(plain.SecondHalf.RecallAt(10)),
                ["ingest_turns_per_s"] = Round(totalTurns / ingestSeconds, 1),
                ["embedded_turns_per_s"] = Round(totalTurns / embedSeconds, 1),
                ["search_p50_ms"] = Round(Percentile(latencies, 0.50), 2),
                ["search_p95_ms"] = Round(Percentile(latencies, 0.95), 2),
                ["mode"] = mode,
                ["turns"] = totalTurns,
                ["conversations"] = conversations.Count,
            };

            PrintTable(ours, plain, report);
            var line = JsonSerializer.Serialize(report);
            if (outputFile is not null)
            {
                await File.WriteAllTextAsync(outputFile, line + "\n", cancellationToken).ConfigureAwait(false);
            }

            Console.WriteLine(line);
            return 0;
        }
        finally
        {
            if (temporary)
            {
                try
                {
                    Directory.Delete(directory, recursive: true);
                }
                catch (IOException)
                {
                }
            }
        }
    }

    private static void PrintTable(Tallies ours, Tallies plain, Dictionary<string, object> report)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine();
        Console.WriteLine("evidence recall          questions   ours @5  @10   @25  | baseline @5  @10   @25");
        void Row(string name, RecallTally a, RecallTally b) =>
            Console.WriteLine(string.Create(inv, $"{name,-24} {a.Questions,9}   {a.RecallAt(5),6:F3} {a.RecallAt(10),5:F3} {a.RecallAt(25),5:F3} |    {b.RecallAt(5),6:F3} {b.RecallAt(10),5:F3} {b.RecallAt(25),5:F3}"));
        Row("all", ours.All, plain.All);
        for (var c = 1; c <= 4; c++)
        {
            Row($"  {c} {CategoryNames[c]}", ours.Category(c), plain.Category(c));
        }

        Row("first half of samples", ours.FirstHalf, plain.FirstHalf);
        Row("second half of samples", ours.SecondHalf, plain.SecondHalf);
        Console.WriteLine(string.Create(inv, $"ingest {report["ingest_turns_per_s"]} turns/s acknowledged, {report["embedded_turns_per_s"]} turns/s embedded; episode_search p50 {report["search_p50_ms"]} ms, p95 {report["search_p95_ms"]} ms (stdio round trip); {report["dropped_evidence_ids"]} evidence ids not in their conversation were dropped"));
    }

    private static double Round(double value, int digits = 4) => Math.Round(value, digits);

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private sealed class Tallies
    {
        private readonly Dictionary<int, RecallTally> _categories = [];

        public RecallTally All { get; } = new();

        public RecallTally FirstHalf { get; } = new();

        public RecallTally SecondHalf { get; } = new();

        public RecallTally Category(int category) => _categories.TryGetValue(category, out var tally) ? tally : new RecallTally();

        public void Add(int sample, int samples, int category, IReadOnlyList<string> ranked, IReadOnlyCollection<string> evidence)
        {
            All.Add(ranked, evidence);
            (sample < (samples + 1) / 2 ? FirstHalf : SecondHalf).Add(ranked, evidence);
            if (!_categories.TryGetValue(category, out var tally))
            {
                _categories[category] = tally = new RecallTally();
            }

            tally.Add(ranked, evidence);
        }
    }
}
