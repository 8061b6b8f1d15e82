using System.CommandLine;
using McpMemory.Server.Cli.Transfer;

namespace McpMemory.Server.Cli;

internal static class ExportCommand
{
    public static Command Create()
    {
        var ns = new Option<string?>("--namespace") { Description = "Namespace to export (default: your default namespace)." };
        var output = new Option<string>("--out") { Description = "The file to write, or - for standard output (default).", DefaultValueFactory = _ => "-" };
        var format = new Option<string>("--format") { Description = TransferFormats.Help, DefaultValueFactory = _ => "jsonl" };
        format.AcceptOnlyFromAmong(TransferFormats.Names);
        var command = new Command("export", "Write a namespace to a file. jsonl: every live record, in time order, that 'mcp-memory import' reads back without loss (ids and recording times included). server-memory: the knowledge graph as the official memory server's memory.jsonl (entities, then relations; aliases and facts are not part of that format). Works while a server runs; progress goes to stderr.")
        {
            ns, output, format,
        };
        command.SetAction((parse, ct) =>
        {
            var path = parse.GetValue(output)!;
            var transfer = TransferFormats.Find(parse.GetValue(format)!);
            return CliHost.RunAsync(CommonOptions.Settings(parse), async (services, principal, token) =>
            {
                if (path == "-")
                {
                    await using var stdout = Console.OpenStandardOutput();
                    var (target, records) = await transfer.ExportAsync(services, principal, parse.GetValue(ns), stdout, token).ConfigureAwait(false);
                    await Console.Error.WriteLineAsync($"Exported {records} records of namespace '{target}'.").ConfigureAwait(false);
                    return 0;
                }

                // Written beside the target and renamed at the end, so an interrupted export never looks complete.
                var full = Path.GetFullPath(path);
                var partial = full + ".partial";
                try
                {
                    (string Namespace, long Records) result;
                    await using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
                    {
                        result = await transfer.ExportAsync(services, principal, parse.GetValue(ns), file, token).ConfigureAwait(false);
                    }

                    File.Move(partial, full, overwrite: true);
                    Console.WriteLine($"Exported {result.Records} records of namespace '{result.Namespace}' to '{full}'.");
                    return 0;
                }
                catch
                {
                    if (File.Exists(partial))
                    {
                        File.Delete(partial);
                    }

                    throw;
                }
            }, ct);
        });
        return command;
    }
}
