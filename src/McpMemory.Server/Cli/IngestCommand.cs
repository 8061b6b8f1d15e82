using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using McpMemory.Core;
using McpMemory.Core.Episodic;
using McpMemory.Mcp;
using McpMemory.Server.Eval;
using Microsoft.Extensions.DependencyInjection;

namespace McpMemory.Server.Cli;

internal static class IngestCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "The file to ingest." };
        var format = new Option<string>("--format")
        {
            Description = "jsonl: one record per line with the fields of episode_add (text, speaker, role, timestamp, conversation_id, session_id, metadata, client_id); locomo: a LoCoMo benchmark file, one record per turn.",
            DefaultValueFactory = _ => "jsonl",
        };
        format.AcceptOnlyFromAmong("jsonl", "locomo");
        var ns = new Option<string?>("--namespace") { Description = "Namespace to write to (default: your default namespace)." };
        var batch = new Option<int>("--batch-size") { Description = "Records per write.", DefaultValueFactory = _ => 500 };
        var command = new Command("ingest", "Store the records of a file in the memory, with a progress bar. Every record is checked before anything is written; re-running is safe when records carry client ids (LoCoMo turns always do).")
        {
            file, format, ns, batch,
        };
        command.SetAction((parse, ct) =>
        {
            var records = parse.GetValue(format) == "locomo" ? FromLocomo(parse.GetValue(file)!) : FromJsonLines(parse.GetValue(file)!);
            var size = parse.GetValue(batch);
            return CliHost.RunAsync(CommonOptions.Settings(parse), async (services, principal, token) =>
            {
                var memory = services.GetRequiredService<EpisodicMemory>();
                memory.Validate(records, "records");
                var bar = new TerminalProgress("ingest", records.Count);
                var clock = Stopwatch.StartNew();
                int created = 0, unchanged = 0;
                string target = "";
                for (var start = 0; start < records.Count; start += size)
                {
                    var chunk = records.Skip(start).Take(size).ToList();
                    var (written, outcomes) = await memory.AddAsync(principal, parse.GetValue(ns), chunk, null, token).ConfigureAwait(false);
                    target = written;
                    created += outcomes.Count(o => o.Created);
                    unchanged += outcomes.Count(o => !o.Created);
                    bar.Suffix = $"{(start + chunk.Count) / Math.Max(0.001, clock.Elapsed.TotalSeconds):F0} records/s";
                    bar.Report(start + chunk.Count);
                }

                Console.WriteLine($"Stored {created} new records in namespace '{target}' ({unchanged} were already there) in {clock.Elapsed.TotalSeconds:F1} s. Embeddings follow in the background.");
                return 0;
            }, ct);
        });
        return command;
    }

    private static List<EpisodeInput> FromJsonLines(string path)
    {
        if (!File.Exists(path))
        {
            throw new McpMemoryException(McpMemoryErrorCodes.InvalidArgument, $"The file '{Path.GetFullPath(path)}' does not exist.");
        }

        var records = new List<EpisodeInput>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                records.Add(JsonSerializer.Deserialize(line, McpMemoryJsonContext.Default.EpisodeInput)
                    ?? throw new JsonException("null record"));
            }
            catch (JsonException ex)
            {
                throw new McpMemoryException(McpMemoryErrorCodes.InvalidArgument, $"Line {number} of '{path}' is not a JSON record ({ex.Message}). Nothing was stored.", ex);
            }
        }

        return records;
    }

    private static List<EpisodeInput> FromLocomo(string path) =>
        LocomoDataset.Load(path).SelectMany(c => c.Turns.Select(t => LocomoRecords.ToInput(c.Id, t))).ToList();
}
