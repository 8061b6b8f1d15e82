using System.CommandLine;
using System.Diagnostics;
using McpMemory.Core.Episodic;
using McpMemory.Server.Cli;
using McpMemory.Server.Clients;
using ModelContextProtocol;

namespace McpMemory.Server.Demo;

/// <summary>
/// The main job in small: starts a real <c>mcp-memory serve</c> process, talks to it over stdio with the MCP SDK's
/// client, stores a sample conversation with <c>episode_add</c>, asks questions with <c>episode_search</c>, and prints
/// what it found. Exits non-zero if an answering turn is not among the top 3 hits of its question.
/// </summary>
internal static class DemoCommand
{
    private const int TopShown = 3;

    public static Command Create()
    {
        var keep = new Option<bool>("--keep") { Description = "Keep the temporary data directory (when --data-dir is not given) and print its path." };
        var verbose = new Option<bool>("--verbose") { Description = "Show the server's log (its stderr)." };
        var command = new Command("demo", "Store a sample conversation through MCP in a real server process and answer questions from it. Uses a fresh temporary data directory unless --data-dir is given.")
        {
            keep,
            verbose,
        };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(CommonOptions.DataDir), parse.GetValue(keep), parse.GetValue(verbose), ct));
        return command;
    }

    private static async Task<int> RunAsync(string? dataDirectory, bool keep, bool verbose, CancellationToken cancellationToken)
    {
        var temporary = dataDirectory is null;
        var directory = dataDirectory ?? Path.Combine(Path.GetTempPath(), "mcp-memory-demo-" + Guid.NewGuid().ToString("N")[..8]);
        var sample = DemoConversation.Load();
        var clock = Stopwatch.StartNew();
        try
        {
            Console.WriteLine($"Starting an mcp-memory server over stdio (data: {directory}) …");
            await using var client = await MemoryClient.StartAsync(directory, null, verbose ? line => Console.Error.WriteLine("  server: " + line) : null, cancellationToken).ConfigureAwait(false);
            var tools = await client.Client.ListToolsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"Connected to {client.Client.ServerInfo?.Name} {client.Client.ServerInfo?.Version} in {clock.ElapsedMilliseconds} ms; tools: {string.Join(", ", tools.Select(t => t.Name))}");

            var episodes = sample.Turns.Select(t => new EpisodeInput
            {
                Text = t.Text,
                Speaker = t.Speaker,
                Timestamp = t.Timestamp,
                ConversationId = sample.ConversationId,
                SessionId = t.SessionId,
                ClientId = t.ClientId,
            }).ToList();
            var bar = new TerminalProgress("episode_add", episodes.Count);
            var progress = new Progress<ProgressNotificationValue>(p => bar.Report((long)p.Progress));
            var added = await client.AddAsync(episodes, null, progress, cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"Stored {added.Created} turns of conversation '{sample.ConversationId}' in namespace '{added.Namespace}'.");
            Console.WriteLine();

            var byId = added.Ids.Zip(sample.Turns).ToDictionary(p => p.First, p => p.Second.ClientId);
            var answered = 0;
            var first = true;
            foreach (var question in sample.Questions)
            {
                var result = await client.SearchAsync(new Dictionary<string, object?>
                {
                    ["query"] = question.Question,
                    ["k"] = TopShown,
                    ["conversation_id"] = sample.ConversationId,
                    ["wait_for_embeddings"] = first,
                }, cancellationToken).ConfigureAwait(false);
                first = false;
                var found = result.Hits.Any(h => byId.TryGetValue(h.Episode.Id, out var clientId) && question.Expected.Contains(clientId));
                answered += found ? 1 : 0;
                Console.WriteLine($"Q: {question.Question}  {(found ? "[answer found]" : "[answer NOT in top 3]")}");
                foreach (var hit in result.Hits)
                {
                    Console.WriteLine($"   {hit.Score:F4}  {hit.Episode.Timestamp:yyyy-MM-dd}  {hit.Episode.Speaker}: {hit.Episode.Text}");
                }
            }

            Console.WriteLine();
            Console.WriteLine($"{answered} of {sample.Questions.Count} questions had their answering turn among the top {TopShown} hits ({clock.Elapsed.TotalSeconds:F1} s in all).");
            return answered == sample.Questions.Count ? 0 : 1;
        }
        finally
        {
            if (temporary && !keep)
            {
                try
                {
                    Directory.Delete(directory, recursive: true);
                }
                catch (IOException)
                {
                }
            }
            else if (temporary)
            {
                Console.WriteLine($"Data kept in {directory}");
            }
        }
    }
}
