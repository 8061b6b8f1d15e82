using McpMemory.Core.Episodic;

namespace McpMemory.Core.Storage;

/// <summary>
/// Durable, searchable storage of episodes, partitioned by namespace. Implementations acknowledge a write only once it
/// is durable, and make it visible to the very next call. Namespaces are created on first write; reading an unknown
/// namespace finds nothing. Authorisation is the caller's job: a store trusts the namespace it is given.
/// </summary>
public interface IEpisodeStore
{
    /// <summary>
    /// Stores <paramref name="episodes"/> atomically. Records whose id or client id already exists are not written
    /// again. <paramref name="progress"/> receives the number of records handled so far, ending with the total.
    /// </summary>
    Task<IReadOnlyList<AddOutcome>> AddAsync(string ns, IReadOnlyList<Episode> episodes, IProgress<int>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>Returns the records with these ids, in the order asked; unknown ids are left out.</summary>
    Task<IReadOnlyList<Episode>> GetAsync(string ns, IReadOnlyList<string> ids, CancellationToken cancellationToken = default);

    /// <summary>
    /// Returns up to <paramref name="before"/> records before and <paramref name="after"/> after the record
    /// <paramref name="id"/> in its conversation (or the namespace, when it has none), in time order, itself included.
    /// Empty when the id is unknown.
    /// </summary>
    Task<IReadOnlyList<Episode>> GetSurroundingAsync(string ns, string id, int before, int after, CancellationToken cancellationToken = default);

    /// <summary>Lists records in time order.</summary>
    Task<EpisodePage> ListAsync(string ns, EpisodeListQuery query, CancellationToken cancellationToken = default);

    /// <summary>Deletes records; returns the ids that were deleted.</summary>
    Task<IReadOnlyList<string>> DeleteAsync(string ns, EpisodeDeletion deletion, CancellationToken cancellationToken = default);

    /// <summary>Searches by meaning, keywords or both.</summary>
    Task<IReadOnlyList<EpisodeHit>> SearchAsync(string ns, EpisodeSearchQuery query, CancellationToken cancellationToken = default);

    /// <summary>Counts per namespace.</summary>
    Task<StoreStats> GetStatsAsync(CancellationToken cancellationToken = default);
}
