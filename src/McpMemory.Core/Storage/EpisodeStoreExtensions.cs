using System.Runtime.CompilerServices;
using McpMemory.Core.Episodic;

namespace McpMemory.Core.Storage;

/// <summary>Reads over <see cref="IEpisodeStore"/> that the memory services share.</summary>
public static class EpisodeStoreExtensions
{
    /// <summary>The most records one page of <see cref="ListAllAsync"/> asks for.</summary>
    public const int PageSize = 500;

    /// <summary>
    /// Every record of <paramref name="ns"/> that <paramref name="filter"/> accepts (all when null), in time order, read
    /// a page at a time: for the companions whose records a service reads whole (skills, tools, cache entries).
    /// </summary>
    public static async IAsyncEnumerable<Episode> ListAllAsync(this IEpisodeStore store, string ns, EpisodeFilter? filter = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        EpisodePosition? after = null;
        do
        {
            var page = await store.ListAsync(ns, new EpisodeListQuery { Filter = filter ?? EpisodeFilter.None, After = after, Limit = PageSize }, cancellationToken).ConfigureAwait(false);
            foreach (var episode in page.Items)
            {
                yield return episode;
            }

            after = page.Next;
        }
        while (after is not null);
    }
}
