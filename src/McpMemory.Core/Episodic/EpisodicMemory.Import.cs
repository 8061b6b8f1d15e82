using McpMemory.Core.Identity;

namespace McpMemory.Core.Episodic;

/// <summary>Loading exported records: their ids and recording times are kept.</summary>
public sealed partial class EpisodicMemory
{
    private const string IdPrefix = "ep_";

    /// <summary>
    /// Checks records to import as <see cref="ImportAsync"/> would, without storing anything; throws on the first bad
    /// one, naming it with <paramref name="place"/>. Ids must look like the ids this memory gives out and appear once.
    /// </summary>
    public void ValidateImport(IReadOnlyList<EpisodeImport> records, Func<int, string> place)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(place);
        var now = _options.TimeProvider.GetUtcNow();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < records.Count; i++)
        {
            ToImportedEpisode(records[i], place(i), now);
            if (records[i].Id is { } id)
            {
                if (seen.TryGetValue(id, out var first))
                {
                    throw Invalid($"'{place(i)}.id' is '{id}', the same as '{place(first)}.id': every record of an import needs its own id. Remove the duplicate line.");
                }

                seen[id] = i;
            }
        }
    }

    /// <summary>
    /// Stores exported records, keeping their ids and recording times when given (new ones otherwise). Records whose
    /// id or client id is already stored are left as they are, so importing the same file twice changes nothing.
    /// </summary>
    public async Task<(string Namespace, IReadOnlyList<AddOutcome> Outcomes)> ImportAsync(MemoryPrincipal principal, string? ns, IReadOnlyList<EpisodeImport> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(records);
        var target = principal.ResolveNamespace(ns, NamespaceAccess.Write);
        if (records.Count == 0)
        {
            throw Invalid("Nothing to import: give at least one record.");
        }

        if (records.Count > Limits.MaxBatchSize)
        {
            throw Invalid($"An import call holds {records.Count} records; the limit is {Limits.MaxBatchSize} per call. Split the batch.");
        }

        ValidateImport(records, i => $"records[{i}]");
        var now = ToMicroseconds(_options.TimeProvider.GetUtcNow());
        var episodes = new Episode[records.Count];
        for (var i = 0; i < records.Count; i++)
        {
            episodes[i] = ToImportedEpisode(records[i], $"records[{i}]", now);
        }

        var outcomes = await _store.AddAsync(target, episodes, null, cancellationToken).ConfigureAwait(false);
        return (target, outcomes);
    }

    private Episode ToImportedEpisode(EpisodeImport record, string field, DateTimeOffset now)
    {
        if (record is null)
        {
            throw Invalid($"'{field}' is null: send an object with a 'text'.");
        }

        var episode = ToEpisode(record.Input, field, now);
        if (record.Id is { } id)
        {
            if (!IsValidId(id))
            {
                throw Invalid($"'{field}.id' is '{(id.Length > 60 ? id[..60] + "…" : id)}', which is not an mcp-memory id ('ep_' and 32 lowercase hex digits). Keep the id as exported, or leave 'id' out to give the record a new one.");
            }

            episode = episode with { Id = id };
        }

        if (record.RecordedAt is { } recordedAt)
        {
            episode = episode with { RecordedAt = ToMicroseconds(recordedAt) };
        }

        return episode;
    }

    private static bool IsValidId(string id)
    {
        if (id.Length != IdPrefix.Length + 32 || !id.StartsWith(IdPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in id.AsSpan(IdPrefix.Length))
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
