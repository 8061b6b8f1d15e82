using System.CommandLine;
using System.Text.Json;
using McpMemory.Core.Episodic;
using Microsoft.Extensions.DependencyInjection;

namespace McpMemory.Server.Cli;

internal static class StatsCommand
{
    public static Command Create()
    {
        var command = new Command("stats", "Print counts of the memory as JSON: records per namespace, pending embeddings, segment files, log size, model.");
        command.SetAction((parse, ct) => CliHost.RunAsync(CommonOptions.Settings(parse), async (services, principal, token) =>
        {
            var stats = await services.GetRequiredService<EpisodicMemory>().GetStatsAsync(principal, token).ConfigureAwait(false);
            Console.WriteLine(JsonSerializer.Serialize(stats, CliJson.Indented));
            return 0;
        }, ct));
        return command;
    }
}
