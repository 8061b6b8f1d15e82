using System.CommandLine;
using McpMemory.Storage.Arrow;

namespace McpMemory.Server.Cli;

internal static class RestoreCommand
{
    public static Command Create()
    {
        var directory = new Argument<string>("dir") { Description = "A folder written by 'mcp-memory backup'." };
        var force = new Option<bool>("--force") { Description = "Replace namespaces the data directory already has; they are moved aside into a 'replaced-…' folder of the data directory, never deleted." };
        var command = new Command("restore", "Load a backup into the data directory: every file is checked against BACKUP.json and each namespace is opened from a staging copy before anything is moved into place. Refused while a server uses the data directory.")
        {
            directory, force,
        };
        command.SetAction(async (parse, ct) =>
        {
            // No store is opened here: restore takes the directory's owner lock itself, so no server can start meanwhile.
            var settings = CommonOptions.Settings(parse);
            var summary = await ArrowStoreRestore.RestoreAsync(parse.GetValue(directory)!, settings.DataDirectory, parse.GetValue(force), cancellationToken: ct).ConfigureAwait(false);
            var namespaces = string.Join(", ", summary.Namespaces.Select(n => $"'{n.Namespace}' ({n.Episodes} records)"));
            Console.WriteLine($"Restored {summary.Namespaces.Count} namespaces into '{summary.DataDirectory}': {namespaces}.");
            if (summary.ReplacedDirectory is { } replaced)
            {
                Console.WriteLine($"The namespaces it replaced were moved to '{replaced}'; delete that folder once you no longer need them.");
            }

            return 0;
        });
        return command;
    }
}
