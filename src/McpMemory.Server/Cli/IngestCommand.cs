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
            var path = parse.GetValue(file)!;
            var (records, places) = parse.GetValue(format) == "locomo" ? FromLocomo(path) : FromJsonLines(path);
            if (records.Count == 0)
            {
                throw new McpMemoryException(McpMemoryErrorCodes.InvalidArgument, $"'{path}' holds no records; nothing was stored.");
            }

            var size = parse.GetValue(batch);
            return CliHost.RunAsync(CommonOptions.Settings(parse), async (services, principal, token) =>
            {
                var limit = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<McpMemoryOptions>>().Value.Limits.MaxBatchSize;
                if (size < 1 || size > limit)
                {
                    throw new McpMemoryException(McpMemoryErrorCodes.InvalidArgument, $"--batch-size is {size}; it must be between 1 and {limit} (McpMemory:Limits:MaxBatchSize).");
                }

                var memory = services.GetRequiredService<EpisodicMemory>();
                memory.Validate(records, i => places[i]);
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

                Console.WriteLine($"Stored {created} new records in namespace '{target}' ({unchanged} were already there) in {clock.Elapsed.TotalSeconds:F1} s. They are found by keywords now; the process that owns the store embeds them for search by meaning (a running server at once, otherwise the next mcp-memory to open this data directory).");
                return 0;
            }, ct);
        });
        return command;
    }

    // Records must not carry fields this version does not know: a typo ("speeker") would otherwise lose data quietly.
    private static readonly JsonSerializerOptions StrictRecords = new(McpMemoryJsonContext.Default.Options)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        TypeInfoResolver = McpMemoryJsonContext.Default,
    };

    private static (List<EpisodeInput> Records, List<string> Places) FromJsonLines(string path)
    {
        if (Directory.Exists(path))
        {
            throw new McpMemoryException(McpMemoryErrorCodes.InvalidArgument, $"'{Path.GetFullPath(path)}' is a folder; give a JSON Lines file.");
        }

        if (!File.Exists(path))
        {
            throw new McpMemoryException(McpMemoryErrorCodes.InvalidArgument, $"The file '{Path.GetFullPath(path)}' does not exist.");
        }

        var records = new List<EpisodeInput>();
        var places = new List<string>();
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
                records.Add((EpisodeInput?)JsonSerializer.Deserialize(line, typeof(EpisodeInput), StrictRecords)
                    ?? throw new JsonException("null record"));
                places.Add($"line {number}");
            }
            catch (JsonException ex)
            {
                var reason = ex.Message.Contains("could not be mapped", StringComparison.Ordinal)
                    ? $"it has a field this version does not know ({ex.Path ?? "?"}); the fields are text, speaker, role, timestamp, conversation_id, session_id, metadata, client_id"
                    : "it is not one JSON object with the fields of episode_add";
                throw new McpMemoryException(McpMemoryErrorCodes.InvalidArgument, $"Line {number} of '{path}' is not a valid record: {reason}. Nothing was stored.", ex);
            }
        }

        return (records, places);
    }

    private static (List<EpisodeInput> Records, List<string> Places) FromLocomo(string path)
    {
        var records = new List<EpisodeInput>();
        var places = new List<string>();
        foreach (var conversation in LocomoDataset.Load(path))
        {
            foreach (var turn in conversation.Turns)
            {
                records.Add(LocomoRecords.ToInput(conversation.Id, turn));
                places.Add($"{conversation.Id} {turn.DiaId}");
            }
        }

        return (records, places);
    }
}
