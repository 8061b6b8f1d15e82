using System.CommandLine;
using McpMemory.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace McpMemory.Server.Cli;

internal static class BackupCommand
{
    public static Command Create()
    {
        var directory = new Argument<string>("dir") { Description = "A new (or empty) folder for the backup, outside the data directory." };
        var command = new Command("backup", "Write a consistent snapshot of the whole data directory into DIR while servers keep running (writes pause only for moments). Segment files are hard-linked when DIR is on the same file system; copy DIR elsewhere to guard against losing the disk. BACKUP.json lists every file with its SHA-256.")
        {
            directory,
        };
        command.SetAction((parse, ct) => CliHost.RunAsync(CommonOptions.Settings(parse), async (services, _, token) =>
        {
            var store = services.GetRequiredService<IEpisodeStore>();
            var stats = await store.GetStatsAsync(token).ConfigureAwait(false);
            var bar = new TerminalProgress("backup", stats.Namespaces.Count);
            var summary = await services.GetRequiredService<IStoreBackup>().BackupAsync(parse.GetValue(directory)!, new SynchronousProgress(bar), token).ConfigureAwait(false);
            var records = summary.Namespaces.Sum(n => n.Episodes);
            Console.WriteLine(
                $"Backed up {summary.Namespaces.Count} namespaces ({records} records; {summary.Files} files, {summary.Bytes / 1048576.0:F1} MiB, {summary.LinkedFiles} segment files hard-linked) into '{summary.Directory}' at {summary.CreatedAt:O}. " +
                "Restore it with: mcp-memory restore " + summary.Directory);
            return 0;
        }, ct));
        return command;
    }

    private sealed class SynchronousProgress(TerminalProgress bar) : IProgress<int>
    {
        public void Report(int value) => bar.Report(value);
    }
}
