using System.CommandLine;
using System.Text.Json;
using McpMemory.Core.Episodic;
using McpMemory.Mcp.Episodic;
using Microsoft.Extensions.DependencyInjection;

namespace McpMemory.Server.Cli;

internal static class SearchCommand
{
    public static Command Create()
    {
        var query = new Argument<string>("query") { Description = "What to look for." };
        var k = new Option<int>("--k") { Description = "How many hits.", DefaultValueFactory = _ => 10 };
        var mode = new Option<string>("--mode") { Description = "hybrid (default), dense or keyword.", DefaultValueFactory = _ => "hybrid" };
        var ns = new Option<string?>("--namespace") { Description = "Namespace to search (default: your default namespace)." };
        var conversation = new Option<string?>("--conversation-id") { Description = "Only this conversation." };
        var speaker = new Option<string?>("--speaker") { Description = "Only this speaker." };
        var from = new Option<string?>("--from") { Description = "Only events at or after this time (ISO 8601)." };
        var to = new Option<string?>("--to") { Description = "Only events before this time (ISO 8601)." };
        var json = new Option<bool>("--json") { Description = "Print the hits as JSON." };
        var command = new Command("search", "Search the memory from the command line, as episode_search does.")
        {
            query, k, mode, ns, conversation, speaker, from, to, json,
        };
        command.SetAction((parse, ct) => CliHost.RunAsync(CommonOptions.Settings(parse), async (services, principal, token) =>
        {
            var request = new EpisodeSearchQuery
            {
                Text = parse.GetValue(query)!,
                K = parse.GetValue(k),
                Mode = EpisodicMemory.ParseMode(parse.GetValue(mode)),
                Filter = EpisodicMemory.CreateFilter(parse.GetValue(conversation), null, parse.GetValue(speaker), parse.GetValue(from), parse.GetValue(to)),
                WaitForEmbeddings = true,
            };
            var (_, hits) = await services.GetRequiredService<EpisodicMemory>().SearchAsync(principal, parse.GetValue(ns), request, token).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                var views = hits.Select(EpisodeSearchHit.From).ToList();
                Console.WriteLine(JsonSerializer.Serialize(views, CliJson.Indented));
                return 0;
            }

            var rank = 0;
            foreach (var hit in hits)
            {
                var who = hit.Episode.Speaker is null ? "" : hit.Episode.Speaker + ": ";
                Console.WriteLine($"{++rank,3}. [{hit.Score:F4}] {hit.Episode.Timestamp:yyyy-MM-dd HH:mm} {who}{hit.Episode.Text}");
                Console.WriteLine($"     id={hit.Episode.Id} dense_rank={hit.DenseRank?.ToString() ?? "-"} keyword_rank={hit.KeywordRank?.ToString() ?? "-"}");
            }

            if (rank == 0)
            {
                Console.WriteLine("No hits.");
            }

            return 0;
        }, ct));
        return command;
    }
}
