using System.CommandLine;
using McpMemory.Core;
using McpMemory.Server.Cli.Transfer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace McpMemory.Server.Cli;

internal static class ImportCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "The file to load (as written by 'mcp-memory export')." };
        var ns = new Option<string?>("--namespace") { Description = "Namespace to load into (default: your default namespace)." };
        var format = new Option<string>("--format") { Description = TransferFormats.Help, DefaultValueFactory = _ => "jsonl" };
        format.AcceptOnlyFromAmong(TransferFormats.Names);
        var batch = new Option<int>("--batch-size") { Description = "Records per write.", DefaultValueFactory = _ => 500 };
        var command = new Command("import", "Load a file written by 'mcp-memory export', keeping ids and recording times; lines without an id get a new one, as with ingest. The whole file is checked first (errors name the line and field) and nothing is stored if any line is bad. Records whose id is already stored are skipped, so importing a file again changes nothing.")
        {
            file, ns, format, batch,
        };
        command.SetAction((parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            var transfer = TransferFormats.Find(parse.GetValue(format)!);
            var size = parse.GetValue(batch);
            return CliHost.RunAsync(CommonOptions.Settings(parse), async (services, principal, token) =>
            {
                var limit = services.GetRequiredService<IOptions<McpMemoryOptions>>().Value.Limits.MaxBatchSize;
                if (size < 1 || size > limit)
                {
                    throw new McpMemoryException(McpMemoryErrorCodes.InvalidArgument, $"--batch-size is {size}; it must be between 1 and {limit} (McpMemory:Limits:MaxBatchSize).");
                }

                var (target, created, unchanged) = await transfer.ImportAsync(services, principal, parse.GetValue(ns), path, size, token).ConfigureAwait(false);
                Console.WriteLine($"Imported {created} new records into namespace '{target}' ({unchanged} were already there).");
                return 0;
            }, ct);
        });
        return command;
    }
}
