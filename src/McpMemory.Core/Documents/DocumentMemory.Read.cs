using System.Buffers.Text;
using System.Globalization;
using System.Text;
using McpMemory.Core.Episodic;
using McpMemory.Core.Identity;
using McpMemory.Core.Storage;

namespace McpMemory.Core.Documents;

/// <summary>Getting, listing and deleting documents.</summary>
public sealed partial class DocumentMemory
{
    /// <summary>The fewest characters one <c>document_get</c> page may ask for.</summary>
    public const int MinPageChars = 1_000;

    /// <summary>The most characters one <c>document_get</c> page may ask for.</summary>
    public const int MaxPageChars = 1_000_000;

    /// <summary>
    /// Returns a document and its text from chunk <paramref name="fromChunk"/> to <paramref name="toChunk"/> (the
    /// whole document by default), rebuilt from its chunks: whole chunks up to about <paramref name="maxChars"/>
    /// characters (at least one), and a cursor for the rest.
    /// </summary>
    public async Task<(string Namespace, DocumentText Document)> GetAsync(
        MemoryPrincipal principal, string? ns, string? documentId, int? fromChunk = null, int? toChunk = null, int maxChars = 20_000, string? cursor = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var target = principal.ResolveNamespace(ns, NamespaceAccess.Read);
        if (string.IsNullOrWhiteSpace(documentId))
        {
            throw Invalid("'document_id' is empty: give the id of a document (document_add, document_search and document_list return them).");
        }

        if (maxChars < MinPageChars || maxChars > MaxPageChars)
        {
            throw Invalid($"'max_chars' is {maxChars}; it must be between {MinPageChars} and {MaxPageChars}.");
        }

        var store = CompanionNamespace.Documents.For(target);
        var info = await GetInfoAsync(store, target, documentId, cancellationToken).ConfigureAwait(false);
        var last = info.ChunkCount - 1;
        int first, to, position;
        if (!string.IsNullOrEmpty(cursor))
        {
            (first, position, to) = DecodeTextCursor(cursor, info);
        }
        else
        {
            first = fromChunk ?? 0;
            to = toChunk ?? last;
            if (first < 0 || first > last)
            {
                throw Invalid($"'from_chunk' is {first}; document '{info.Id}' has chunks 0 to {last}.");
            }

            if (to < first || to > last)
            {
                throw Invalid($"'to_chunk' is {to}; it must be between 'from_chunk' ({first}) and the last chunk ({last}).");
            }

            position = -1;
        }

        // Whole chunks until the budget is spent, read a batch at a time.
        var taken = new List<DocumentChunk>();
        var length = 0;
        var next = first;
        var full = false;
        while (next <= to && !full)
        {
            var ids = Enumerable.Range(next, Math.Min(64, to - next + 1)).Select(i => ChunkId(info.Id, i)).ToList();
            var episodes = await _store.GetAsync(store, ids, cancellationToken).ConfigureAwait(false);
            if (episodes.Count != ids.Count)
            {
                throw new McpMemoryException(McpMemoryErrorCodes.NotFound, $"Document '{info.Id}' was deleted while it was read; nothing more of it is stored.");
            }

            foreach (var episode in episodes)
            {
                var chunk = ToChunk(episode, ReadRecord(episode));
                if (position < 0)
                {
                    position = chunk.Start;
                }

                var adds = chunk.End - Math.Max(position, chunk.Start);
                if (taken.Count > 0 && length + adds > maxChars)
                {
                    full = true;
                    break;
                }

                taken.Add(chunk);
                length += Math.Max(0, adds);
                next++;
            }
        }

        var passage = Join(taken, position);
        var nextCursor = next <= to ? EncodeTextCursor(info.Id, next, passage.End, to) : null;
        return (target, new DocumentText(info, passage, nextCursor));
    }

    /// <summary>Lists the documents of a namespace, oldest first, optionally from one source or with matching metadata.</summary>
    public async Task<(string Namespace, IReadOnlyList<DocumentInfo> Documents, string? NextCursor)> ListAsync(
        MemoryPrincipal principal, string? ns, string? source = null, System.Text.Json.JsonElement? metadata = null, int limit = 50, string? cursor = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var target = principal.ResolveNamespace(ns, NamespaceAccess.Read);
        if (limit < 1 || limit > Limits.MaxPageSize)
        {
            throw Invalid($"'limit' is {limit}; it must be between 1 and {Limits.MaxPageSize}.");
        }

        var wanted = CheckMetadata(metadata, "'metadata'");
        source = string.IsNullOrWhiteSpace(source) ? null : source.Trim();
        var store = CompanionNamespace.Documents.For(target);
        var documents = new List<DocumentInfo>(limit);
        var after = DecodeListCursor(cursor);
        var filter = new EpisodeFilter { SessionId = HeadSession };
        while (true)
        {
            var page = await _store.ListAsync(store, new EpisodeListQuery { Filter = filter, Limit = limit, After = after }, cancellationToken).ConfigureAwait(false);
            foreach (var head in page.Items)
            {
                after = EpisodePosition.Of(head);
                if (ToInfo(head) is { } info && MatchesSource(info.Source, source) && MatchesMetadata(info.Metadata, wanted))
                {
                    documents.Add(info);
                    if (documents.Count == limit)
                    {
                        var more = page.Next is not null || !ReferenceEquals(head, page.Items[^1]);
                        return (target, documents, more ? EncodeListCursor(after.Value) : null);
                    }
                }
            }

            if (page.Next is null)
            {
                return (target, documents, null);
            }
        }
    }

    /// <summary>Deletes whole documents; returns the ids deleted and those that were not there.</summary>
    public async Task<(string Namespace, IReadOnlyList<string> Deleted, IReadOnlyList<string> Missing, int Chunks)> DeleteAsync(
        MemoryPrincipal principal, string? ns, IReadOnlyList<string>? documentIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var target = principal.ResolveNamespace(ns, NamespaceAccess.Write);
        if (documentIds is null || documentIds.Count == 0 || documentIds.Any(string.IsNullOrWhiteSpace))
        {
            throw Invalid("'document_ids' is empty or holds an empty id: give the ids of the documents to delete.");
        }

        if (documentIds.Count > Limits.MaxBatchSize)
        {
            throw Invalid($"'document_ids' holds {documentIds.Count} ids; the limit is {Limits.MaxBatchSize} per call.");
        }

        var store = CompanionNamespace.Documents.For(target);
        var deleted = new List<string>();
        var missing = new List<string>();
        var chunks = 0;
        foreach (var id in documentIds.Distinct(StringComparer.Ordinal))
        {
            var removed = await _store.DeleteAsync(store, new EpisodeDeletion { ConversationId = id }, cancellationToken).ConfigureAwait(false);
            (removed.Count > 0 ? deleted : missing).Add(id);
            chunks += removed.Count;
        }

        return (target, deleted, missing, chunks);
    }

    private async Task<DocumentInfo> GetInfoAsync(string store, string ns, string documentId, CancellationToken cancellationToken)
    {
        var heads = await _store.GetAsync(store, [ChunkId(documentId.Trim(), 0)], cancellationToken).ConfigureAwait(false);
        return heads.Count == 1 && ToInfo(heads[0]) is { } info
            ? info
            : throw new McpMemoryException(McpMemoryErrorCodes.NotFound, $"There is no document '{documentId}' in namespace '{ns}'. document_list shows the documents there.");
    }

    private const string TextCursorHelp = "'cursor' is not a cursor of this document: pass 'next_cursor' from the previous page of the same document unchanged, or leave it out to start at the beginning.";

    private static string EncodeTextCursor(string documentId, int next, int position, int to) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{documentId}|{next}|{position}|{to}")));

    private static (int Next, int Position, int To) DecodeTextCursor(string cursor, DocumentInfo info)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor)).Split('|');
            if (parts.Length == 4 && parts[0] == info.Id)
            {
                var next = int.Parse(parts[1], CultureInfo.InvariantCulture);
                var position = int.Parse(parts[2], CultureInfo.InvariantCulture);
                var to = int.Parse(parts[3], CultureInfo.InvariantCulture);
                if (next >= 0 && next <= to && to < info.ChunkCount && position >= 0 && position <= info.Length)
                {
                    return (next, position, to);
                }
            }
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or OverflowException)
        {
            throw Invalid(TextCursorHelp);
        }

        throw Invalid(TextCursorHelp);
    }

    private static string EncodeListCursor(EpisodePosition position) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{position.Timestamp.UtcTicks}|{position.Id}")));

    private static EpisodePosition? DecodeListCursor(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return null;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            var bar = text.IndexOf('|', StringComparison.Ordinal);
            var ticks = long.Parse(text.AsSpan(0, bar), CultureInfo.InvariantCulture);
            return new EpisodePosition(new DateTimeOffset(ticks, TimeSpan.Zero), text[(bar + 1)..]);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or OverflowException)
        {
            throw Invalid("'cursor' is not a cursor this server gave out: pass 'next_cursor' from the previous page unchanged, or leave it out to start at the beginning.");
        }
    }
}
