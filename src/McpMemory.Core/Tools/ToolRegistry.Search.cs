using System.Text;
using McpMemory.Core.Episodic;
using McpMemory.Core.Identity;
using McpMemory.Core.Storage;

namespace McpMemory.Core.Tools;

/// <summary>Finding the tools that fit a task.</summary>
public sealed partial class ToolRegistry
{
    /// <summary>
    /// The <paramref name="k"/> tools of the namespace that best fit <paramref name="task"/>, by meaning and keywords
    /// (hybrid, fused by reciprocal rank) or one of them alone; optionally only tools of one source.
    /// </summary>
    public async Task<(string Namespace, IReadOnlyList<ToolHit> Hits)> SearchAsync(MemoryPrincipal principal, string? ns, string task, int k, SearchMode mode = SearchMode.Hybrid, string? source = null, bool waitForEmbeddings = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var target = principal.ResolveNamespace(ns, NamespaceAccess.Read);
        if (string.IsNullOrWhiteSpace(task))
        {
            throw Invalid("'task' is empty: describe what you want to do, such as 'open an issue about the failing build'.");
        }

        var bytes = Encoding.UTF8.GetByteCount(task);
        if (bytes > _options.Limits.MaxTextBytes)
        {
            throw Invalid($"'task' is {bytes} bytes; the limit is {_options.Limits.MaxTextBytes} bytes (UTF-8).");
        }

        if (k < 1 || k > _options.Limits.MaxSearchK)
        {
            throw Invalid($"'k' is {k}; it must be between 1 and {_options.Limits.MaxSearchK}.");
        }

        var filter = string.IsNullOrWhiteSpace(source) ? null : source.Trim();
        var store = CompanionNamespace.Tools.For(target);
        var wanted = filter is null ? k + 8 : Math.Max(4 * k, 50);
        var hits = new List<ToolHit>(k);
        while (true)
        {
            var found = await _store.SearchAsync(store, new EpisodeSearchQuery { Text = task, K = wanted, Mode = mode, WaitForEmbeddings = waitForEmbeddings }, cancellationToken).ConfigureAwait(false);
            hits.Clear();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var hit in found)
            {
                var tool = ToDefinition(hit.Episode);
                if (!seen.Add(tool.Name) || (filter is not null && !string.Equals(tool.Source, filter, StringComparison.Ordinal)))
                {
                    continue;
                }

                hits.Add(new ToolHit(tool, hit.Score, hit.DenseRank, hit.DenseScore, hit.KeywordRank, hit.KeywordScore));
                if (hits.Count == k)
                {
                    break;
                }
            }

            if (hits.Count == k || found.Count < wanted || wanted >= _options.Limits.MaxSearchK * 64)
            {
                return (target, hits);
            }

            waitForEmbeddings = false;
            wanted *= 4;
        }
    }
}
