using System.Text;
using System.Text.Json;
using McpMemory.Core.Episodic;
using McpMemory.Core.Identity;
using McpMemory.Core.Storage;

namespace McpMemory.Core.Documents;

/// <summary>Searching documents.</summary>
public sealed partial class DocumentMemory
{
    // The most candidates a filtered search asks the store for before it settles for fewer hits than asked.
    private const int MaxCandidates = 1 << 20;

    /// <summary>
    /// Searches the documents of the principal's namespace (hybrid by default), optionally within one document, a
    /// source or documents whose metadata matches; each hit can bring the chunks around it as one passage.
    /// </summary>
    public async Task<(string Namespace, IReadOnlyList<DocumentHit> Hits)> SearchAsync(MemoryPrincipal principal, string? ns, DocumentSearchQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(query);
        var target = principal.ResolveNamespace(ns, NamespaceAccess.Read);
        if (string.IsNullOrWhiteSpace(query.Text))
        {
            throw Invalid("'query' is empty: say what to look for.");
        }

        var bytes = Encoding.UTF8.GetByteCount(query.Text);
        if (bytes > Limits.MaxTextBytes)
        {
            throw Invalid($"'query' is {bytes} bytes; the limit is {Limits.MaxTextBytes} bytes (UTF-8).");
        }

        if (query.K < 1 || query.K > Limits.MaxSearchK)
        {
            throw Invalid($"'k' is {query.K}; it must be between 1 and {Limits.MaxSearchK}.");
        }

        if (query.Expand < 0 || query.Expand > MaxExpand)
        {
            throw Invalid($"'expand' is {query.Expand}; it must be between 0 and {MaxExpand} chunks on each side.");
        }

        var metadata = CheckMetadata(query.Metadata, "'metadata'");
        var source = string.IsNullOrWhiteSpace(query.Source) ? null : query.Source.Trim();
        var filtered = source is not null || metadata is { } m && m.EnumerateObject().Any();
        var store = CompanionNamespace.Documents.For(target);
        var filter = string.IsNullOrWhiteSpace(query.DocumentId) ? EpisodeFilter.None : new EpisodeFilter { ConversationId = query.DocumentId.Trim() };
        var headers = new Dictionary<string, DocumentInfo?>(StringComparer.Ordinal);
        var accepted = new List<(EpisodeHit Hit, DocumentChunk Chunk)>(query.K);

        // Source and metadata are checked on the hits: ask for more until enough pass or the store has no more.
        var wanted = filtered ? Math.Max(query.K * 4, 50) : query.K;
        var wait = query.WaitForEmbeddings;
        while (true)
        {
            IReadOnlyList<EpisodeHit> hits;
            try
            {
                hits = await _store.SearchAsync(store, new EpisodeSearchQuery { Text = query.Text, K = wanted, Mode = query.Mode, Filter = filter, WaitForEmbeddings = wait }, cancellationToken).ConfigureAwait(false);
            }
            catch (McpMemoryException ex) when (ex.Message.Contains($"namespace '{store}'", StringComparison.Ordinal))
            {
                // Callers know the namespace, not its hidden companion.
                throw new McpMemoryException(ex.Code, ex.Message.Replace($"namespace '{store}'", $"the documents of namespace '{target}'", StringComparison.Ordinal), ex);
            }


            wait = false;
            if (metadata is not null)
            {
                await LoadHeadersAsync(store, hits.Select(h => h.Episode.ConversationId), headers, cancellationToken).ConfigureAwait(false);
            }

            accepted.Clear();
            foreach (var hit in hits)
            {
                var chunk = ToChunk(hit.Episode, ReadRecord(hit.Episode));
                if (MatchesSource(chunk.Source, source) && MatchesMetadata(headers.GetValueOrDefault(chunk.DocumentId)?.Metadata, metadata))
                {
                    accepted.Add((hit, chunk));
                    if (accepted.Count == query.K)
                    {
                        break;
                    }
                }
            }

            if (!filtered || accepted.Count == query.K || hits.Count < wanted || wanted >= MaxCandidates)
            {
                break;
            }

            wanted = (int)Math.Min((long)wanted * 4, MaxCandidates);
        }

        var passages = query.Expand > 0 ? await ExpandAsync(store, accepted.Select(a => a.Chunk).ToList(), query.Expand, cancellationToken).ConfigureAwait(false) : null;
        var result = new List<DocumentHit>(accepted.Count);
        for (var i = 0; i < accepted.Count; i++)
        {
            var (hit, chunk) = accepted[i];
            result.Add(new DocumentHit(chunk, hit.Score, hit.DenseRank, hit.DenseScore, hit.KeywordRank, hit.KeywordScore, passages?[i]));
        }

        return (target, result);
    }

    /// <summary>True when <paramref name="source"/> passes the filter: equal, or starting with it when it ends in '*'.</summary>
    internal static bool MatchesSource(string? source, string? filter) =>
        filter is null
        || (source is not null && (filter.EndsWith('*')
            ? source.StartsWith(filter.AsSpan(0, filter.Length - 1), StringComparison.Ordinal)
            : string.Equals(source, filter, StringComparison.Ordinal)));

    /// <summary>True when every top-level key of <paramref name="filter"/> is in <paramref name="metadata"/> with an equal JSON value.</summary>
    internal static bool MatchesMetadata(string? metadata, JsonElement? filter)
    {
        if (filter is not { ValueKind: JsonValueKind.Object } wanted || !wanted.EnumerateObject().Any())
        {
            return true;
        }

        if (metadata is null)
        {
            return false;
        }

        using var document = JsonDocument.Parse(metadata);
        foreach (var property in wanted.EnumerateObject())
        {
            if (!document.RootElement.TryGetProperty(property.Name, out var value) || !JsonElement.DeepEquals(value, property.Value))
            {
                return false;
            }
        }

        return true;
    }

    private async Task LoadHeadersAsync(string store, IEnumerable<string?> documentIds, Dictionary<string, DocumentInfo?> headers, CancellationToken cancellationToken)
    {
        var missing = documentIds.OfType<string>().Where(id => !headers.ContainsKey(id)).Distinct(StringComparer.Ordinal).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        var heads = await _store.GetAsync(store, missing.Select(id => ChunkId(id, 0)).ToList(), cancellationToken).ConfigureAwait(false);
        foreach (var id in missing)
        {
            headers[id] = null;
        }

        foreach (var head in heads)
        {
            if (ToInfo(head) is { } info)
            {
                headers[info.Id] = info;
            }
        }
    }

    // The passage of each hit: the run of consecutive chunks around it, 'expand' on each side where they exist.
    private async Task<List<DocumentPassage>> ExpandAsync(string store, List<DocumentChunk> hits, int expand, CancellationToken cancellationToken)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var hit in hits)
        {
            for (var i = Math.Max(0, hit.Index - expand); i <= hit.Index + expand; i++)
            {
                if (i != hit.Index)
                {
                    ids.Add(ChunkId(hit.DocumentId, i));
                }
            }
        }

        var found = new Dictionary<string, DocumentChunk>(StringComparer.Ordinal);
        foreach (var batch in ids.Chunk(Limits.MaxPageSize))
        {
            foreach (var episode in await _store.GetAsync(store, batch, cancellationToken).ConfigureAwait(false))
            {
                found[episode.Id] = ToChunk(episode, ReadRecord(episode));
            }
        }

        var passages = new List<DocumentPassage>(hits.Count);
        foreach (var hit in hits)
        {
            var run = new List<DocumentChunk> { hit };
            for (var i = hit.Index - 1; i >= hit.Index - expand && found.TryGetValue(ChunkId(hit.DocumentId, i), out var before); i--)
            {
                run.Insert(0, before);
            }

            for (var i = hit.Index + 1; i <= hit.Index + expand && found.TryGetValue(ChunkId(hit.DocumentId, i), out var after); i++)
            {
                run.Add(after);
            }

            passages.Add(Join(run, run[0].Start));
        }

        return passages;
    }
}
