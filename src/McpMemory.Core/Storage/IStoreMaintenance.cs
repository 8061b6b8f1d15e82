namespace McpMemory.Core.Storage;

/// <summary>Long-running upkeep of a store, run by whichever process owns it.</summary>
public interface IStoreMaintenance
{
    /// <summary>
    /// Re-embeds every record of namespace <paramref name="ns"/> with <paramref name="model"/> (the store's configured
    /// model when null). Searches keep using the old vectors until the new ones are complete, then switch in one step.
    /// <paramref name="progress"/> receives the number of records embedded so far.
    /// </summary>
    Task<ReindexResult> ReindexAsync(string ns, string? model, IProgress<int>? progress = null, CancellationToken cancellationToken = default);
}
