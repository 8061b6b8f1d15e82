using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using McpMemory.Core.Cache;
using McpMemory.Core.Documents;
using McpMemory.Core.Identity;
using McpMemory.Core.Procedural;
using McpMemory.Core.Storage;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace McpMemory.Server.Cli;

/// <summary><c>mcp-memory reindex</c>: moves a namespace to the configured embedding model.</summary>
internal static class ReindexCommand
{
    public static Command Create()
    {
        var ns = new Option<string?>("--namespace") { Description = "Namespace to re-embed (default: your default namespace)." };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON (one line per part when the namespace has both episodes and documents)." };
        var command = new Command(
            "reindex",
            "Re-embed every record of a namespace (its episodes, documents and skills) with the configured embedding model (--embedding-model or McpMemory:Embedding:Model), " +
            "for example after changing the model. Searches keep working on the old vectors until the new ones are complete, then switch at once. " +
            "When a server owns the data directory, it does the work and this command shows its progress.")
        {
            ns, json,
        };
        command.SetAction((parse, ct) => CliHost.RunAsync(CommonOptions.Settings(parse), async (services, principal, token) =>
        {
            var target = principal.ResolveNamespace(parse.GetValue(ns), NamespaceAccess.Write);
            var stats = await services.GetRequiredService<IEpisodeStore>().GetStatsAsync(token).ConfigureAwait(false);
            var model = services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>()
                .GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId;

            // The namespace's episodes, then what it keeps in its hidden companions (documents, skills, the cache; see
            // CompanionNamespace), whichever exist; with none, the store's error says there is nothing to reindex.
            var companions = CompanionNamespace.All.ToDictionary(c => c.For(target), StringComparer.Ordinal);
            var parts = stats.Namespaces.Select(n => n.Namespace).Where(n => n == target || companions.ContainsKey(n)).Order(StringComparer.Ordinal).ToList();
            foreach (var part in parts.Count > 0 ? parts : [target])
            {
                var records = stats.Namespaces.FirstOrDefault(n => n.Namespace == part)?.Episodes ?? 0;
                var label = companions.TryGetValue(part, out var companion) ? $"{companion.Label} of namespace '{target}'" : $"Namespace '{target}'";
                var bar = new TerminalProgress("reindex", records);
                var clock = Stopwatch.StartNew();
                var result = await services.GetRequiredService<IStoreMaintenance>()
                    .ReindexAsync(part, model, new Progress<int>(done => bar.Report(done)), token).ConfigureAwait(false);
                if (parse.GetValue(json))
                {
                    Console.WriteLine(JsonSerializer.Serialize(result, parts.Count > 1 ? CliJson.Compact : CliJson.Indented));
                }
                else if (!result.Changed)
                {
                    Console.WriteLine($"{label} already uses {result.ToModel}; nothing to do.");
                }
                else
                {
                    Console.WriteLine($"{label} moved from {result.FromModel} to {result.ToModel}: {result.Records} records re-embedded in {clock.Elapsed.TotalSeconds:F1} s.");
                }
            }

            return 0;
        }, ct));
        return command;
    }
}
