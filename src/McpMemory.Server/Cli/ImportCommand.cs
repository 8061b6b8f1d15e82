using System.CommandLine;
using System.Text.Json;
using McpMemory.Server.Cli.Transfer;

namespace McpMemory.Server.Cli;

internal static class ImportCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "The file to load: one written by 'mcp-memory export', or with --format server-memory the memory file of the official memory server (memory.jsonl, or memory.json)." };
        var ns = new Option<string?>("--namespace") { Description = "Namespace to load into (default: your default namespace)." };
        var format = new Option<string>("--format") { Description = TransferFormats.Help, DefaultValueFactory = _ => "jsonl" };
        format.AcceptOnlyFromAmong(TransferFormats.Names);
        var batch = new Option<int?>("--batch-size") { Description = $"Records per write. Default: 500 for jsonl; for server-memory the whole file in one atomic write (in writes of 5000 items above {ServerMemoryJsonLinesFormat.AtomicItems} entities and relations)." };
        var wait = new Option<bool>("--wait-embeddings") { Description = "After storing, wait (with a progress bar) until everything imported can be found by meaning. Without it the command returns as soon as the data is stored and searchable by text; the process that owns the store (a running server, or the next mcp-memory to open the data directory) embeds it." };
        var json = new Option<bool>("--json") { Description = "Print a JSON summary (counts, name collisions, relations left out, writes, seconds) instead of a sentence." };
        var command = new Command("import", "Load a file into a namespace. jsonl: records written by 'mcp-memory export', keeping ids and recording times (lines without an id get a new one, as with ingest); records whose id is already stored are skipped. server-memory: the knowledge graph of the official memory server's file; entities whose exact name is already in the namespace are reported as collisions and left as they were (never merged). Either way the whole file is checked first (errors name the line and field) and nothing is stored if any line is bad, and importing a file again changes nothing. Works while a server runs on the same data directory; progress goes to stderr.")
        {
            file, ns, format, batch, wait, json,
        };
        command.SetAction((parse, ct) =>
        {
            var transfer = TransferFormats.Find(parse.GetValue(format)!);
            var request = new TransferImport(parse.GetValue(file)!, parse.GetValue(ns), parse.GetValue(batch), parse.GetValue(wait));
            return CliHost.RunAsync(CommonOptions.Settings(parse), async (services, principal, token) =>
            {
                var summary = await transfer.ImportAsync(services, principal, request, token).ConfigureAwait(false);
                Console.WriteLine(parse.GetValue(json) ? JsonSerializer.Serialize(summary, TransferJsonContext.Default.ImportSummary) : Describe(summary));
                return 0;
            }, ct);
        });
        return command;
    }

    private static string Describe(ImportSummary summary)
    {
        var embedded = summary.PendingEmbeddings switch
        {
            null => "",
            0 => $" Everything is searchable by meaning (embedding took {summary.EmbeddingSeconds:F1} s).",
            var left => $" {left} still wait to be embedded.",
        };
        if (summary.RelationsCreated is not { } relations)
        {
            return $"Imported {summary.Created} new records into namespace '{summary.Namespace}' ({summary.Unchanged} were already there).{embedded}";
        }

        var writes = summary.Writes == 1 ? "in one atomic write" : $"in {summary.Writes} writes";
        return $"Imported {summary.Created} entities and {relations} relations into namespace '{summary.Namespace}' {writes} in {summary.Seconds:F1} s: "
            + $"{summary.Collisions} name collisions left as they were, {summary.RelationsUnchanged} relations already there, {summary.DanglingRelations} relations left out (an end is not an entity).{embedded}";
    }
}
