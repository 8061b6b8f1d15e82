using McpMemory.Core.Episodic;

namespace McpMemory.Core.Storage;

/// <summary>An <see cref="IEpisodeStore"/> that publishes every deletion made through it to an <see cref="EpisodeChangeFeed"/>.</summary>
internal sealed class ChangeNotifyingEpisodeStore(IEpisodeStore inner, EpisodeChangeFeed feed) : IEpisodeStore
{
    public Task<IReadOnlyList<AddOutcome>> AddAsync(string ns, IReadOnlyList<Episode> episodes, IProgress<int>? progress = null, CancellationToken cancellationToken = default) =>
        inner.AddAsync(ns, episodes, progress, cancellationToken);

    public Task<IReadOnlyList<Episode>> GetAsync(string ns, IReadOnlyList<string> ids, CancellationToken cancellationToken = default) =>
        inner.GetAsync(ns, ids, cancellationToken);

    public Task<IReadOnlyList<Episode>> GetSurroundingAsync(string ns, string id, int before, int after, CancellationToken cancellationToken = default) =>
        inner.GetSurroundingAsync(ns, id, before, after, cancellationToken);

    public Task<EpisodePage> ListAsync(string ns, EpisodeListQuery query, CancellationToken cancellationToken = default) =>
        inner.ListAsync(ns, query, cancellationToken);

    public async Task<IReadOnlyList<string>> DeleteAsync(string ns, EpisodeDeletion deletion, CancellationToken cancellationToken = default)
    {
        var deleted = await inner.DeleteAsync(ns, deletion, cancellationToken).ConfigureAwait(false);
        if (deleted.Count > 0)
        {
            // The records are gone whatever a subscriber does; its work must not be cut short by the caller going away.
            await feed.PublishAsync(new EpisodesDeleted(ns, deleted), CancellationToken.None).ConfigureAwait(false);
        }

        return deleted;
    }

    public Task<IReadOnlyList<EpisodeHit>> SearchAsync(string ns, EpisodeSearchQuery query, CancellationToken cancellationToken = default) =>
        inner.SearchAsync(ns, query, cancellationToken);

    public Task<StoreStats> GetStatsAsync(CancellationToken cancellationToken = default) => inner.GetStatsAsync(cancellationToken);
}
