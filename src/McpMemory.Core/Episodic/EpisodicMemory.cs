using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using McpMemory.Core.Cache;
using McpMemory.Core.Documents;
using McpMemory.Core.Identity;
using McpMemory.Core.Procedural;
using McpMemory.Core.Storage;
using Microsoft.Extensions.Options;

namespace McpMemory.Core.Episodic;

/// <summary>
/// Episodic memory as callers see it: checks every input against the limits, resolves the namespace the principal may
/// use, assigns ids, and calls the store. Nothing is written unless the whole call is valid.
/// </summary>
public sealed partial class EpisodicMemory
{
    private readonly IEpisodeStore _store;
    private readonly McpMemoryOptions _options;

    /// <summary>Creates the service.</summary>
    public EpisodicMemory(IEpisodeStore store, IOptions<McpMemoryOptions> options)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _options = options.Value;
    }

    private EpisodeLimits Limits => _options.Limits;

    /// <summary>Stores records; returns one outcome per input, in order, and the namespace used.</summary>
    public async Task<(string Namespace, IReadOnlyList<AddOutcome> Outcomes)> AddAsync(MemoryPrincipal principal, string? ns, IReadOnlyList<EpisodeInput>? inputs, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var target = principal.ResolveNamespace(ns, NamespaceAccess.Write);
        if (inputs is null || inputs.Count == 0)
        {
            throw Invalid("'episodes' is empty: send at least one record with a 'text'.");
        }

        if (inputs.Count > Limits.MaxBatchSize)
        {
            throw Invalid($"'episodes' holds {inputs.Count} records; the limit is {Limits.MaxBatchSize} per call. Split the batch.");
        }

        var now = ToMicroseconds(_options.TimeProvider.GetUtcNow());
        var episodes = new Episode[inputs.Count];
        for (var i = 0; i < inputs.Count; i++)
        {
            episodes[i] = ToEpisode(inputs[i], $"episodes[{i}]", now);
        }

        var outcomes = await _store.AddAsync(target, episodes, progress, cancellationToken).ConfigureAwait(false);
        return (target, outcomes);
    }

    /// <summary>Checks records as <see cref="AddAsync"/> would, without storing anything; throws on the first bad one.</summary>
    public void Validate(IReadOnlyList<EpisodeInput> inputs, Func<int, string> fieldName)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(fieldName);
        var now = _options.TimeProvider.GetUtcNow();
        for (var i = 0; i < inputs.Count; i++)
        {
            ToEpisode(inputs[i], fieldName(i), now);
        }
    }

    /// <summary>Searches the principal's namespace.</summary>
    public async Task<(string Namespace, IReadOnlyList<EpisodeHit> Hits)> SearchAsync(MemoryPrincipal principal, string? ns, EpisodeSearchQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(query);
        var target = principal.ResolveNamespace(ns, NamespaceAccess.Read);
        if (string.IsNullOrWhiteSpace(query.Text))
        {
            throw Invalid("'query' is empty: say what to look for.");
        }

        CheckTextSize(query.Text, "query");
        if (query.K < 1 || query.K > Limits.MaxSearchK)
        {
            throw Invalid($"'k' is {query.K}; it must be between 1 and {Limits.MaxSearchK}.");
        }

        return (target, await _store.SearchAsync(target, query, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Gets records by id, each with up to <paramref name="context"/> turns before and after it.</summary>
    public async Task<(string Namespace, IReadOnlyList<Episode> Found, IReadOnlyList<string> Missing, IReadOnlyDictionary<string, IReadOnlyList<Episode>> Context)> GetAsync(
        MemoryPrincipal principal, string? ns, IReadOnlyList<string>? ids, int context = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var target = principal.ResolveNamespace(ns, NamespaceAccess.Read);
        if (ids is null || ids.Count == 0)
        {
            throw Invalid("'ids' is empty: give the ids of the records to get.");
        }

        if (ids.Count > Limits.MaxPageSize)
        {
            throw Invalid($"'ids' holds {ids.Count} ids; the limit is {Limits.MaxPageSize}.");
        }

        if (context < 0 || context > 50)
        {
            throw Invalid($"'context' is {context}; it must be between 0 and 50 turns.");
        }

        var found = await _store.GetAsync(target, ids, cancellationToken).ConfigureAwait(false);
        var foundIds = found.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        var missing = ids.Where(id => !foundIds.Contains(id)).Distinct(StringComparer.Ordinal).ToList();
        var around = new Dictionary<string, IReadOnlyList<Episode>>(StringComparer.Ordinal);
        if (context > 0)
        {
            foreach (var episode in found)
            {
                around[episode.Id] = await _store.GetSurroundingAsync(target, episode.Id, context, context, cancellationToken).ConfigureAwait(false);
            }
        }

        return (target, found, missing, around);
    }

    /// <summary>Lists records in time order, a page at a time.</summary>
    public async Task<(string Namespace, EpisodePage Page, string? NextCursor)> ListAsync(
        MemoryPrincipal principal, string? ns, EpisodeFilter filter, string? cursor, int limit, bool descending, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var target = principal.ResolveNamespace(ns, NamespaceAccess.Read);
        if (limit < 1 || limit > Limits.MaxPageSize)
        {
            throw Invalid($"'limit' is {limit}; it must be between 1 and {Limits.MaxPageSize}.");
        }

        var query = new EpisodeListQuery { Filter = filter, Descending = descending, Limit = limit, After = DecodeCursor(cursor) };
        var page = await _store.ListAsync(target, query, cancellationToken).ConfigureAwait(false);
        return (target, page, page.Next is { } next ? EncodeCursor(next) : null);
    }

    /// <summary>Deletes records by id or a whole conversation; returns the ids deleted.</summary>
    public async Task<(string Namespace, IReadOnlyList<string> Deleted, IReadOnlyList<string> Missing)> DeleteAsync(
        MemoryPrincipal principal, string? ns, IReadOnlyList<string>? ids, string? conversationId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var target = principal.ResolveNamespace(ns, NamespaceAccess.Write);
        ids ??= [];
        if (ids.Count == 0 && string.IsNullOrEmpty(conversationId))
        {
            throw Invalid("Nothing to delete: give 'ids', or 'conversation_id' to delete a whole conversation.");
        }

        if (ids.Count > Limits.MaxBatchSize)
        {
            throw Invalid($"'ids' holds {ids.Count} ids; the limit is {Limits.MaxBatchSize} per call.");
        }

        for (var i = 0; i < ids.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(ids[i]))
            {
                throw Invalid($"'ids[{i}]' is {(ids[i] is null ? "null" : "empty")}: give the id of an episode (from episode_add, episode_list or episode_search). Nothing was deleted.");
            }
        }

        var deleted = await _store.DeleteAsync(target, new EpisodeDeletion { Ids = ids, ConversationId = conversationId }, cancellationToken).ConfigureAwait(false);
        var done = deleted.ToHashSet(StringComparer.Ordinal);
        return (target, deleted, ids.Where(id => !done.Contains(id)).Distinct(StringComparer.Ordinal).ToList());
    }

    /// <summary>
    /// Counts, limited to the namespaces the principal may read. The records a namespace keeps in its hidden companions
    /// (documents, skills, the cache; see <see cref="CompanionNamespace"/>) are counted under the namespace's own name,
    /// with the companion's kind.
    /// </summary>
    public async Task<StoreStats> GetStatsAsync(MemoryPrincipal principal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var stats = await _store.GetStatsAsync(cancellationToken).ConfigureAwait(false);
        var namespaces = stats.Namespaces
            .Select(n => CompanionNamespace.Of(n.Namespace, out var owner) is { } companion ? n with { Namespace = owner, Kind = companion.Kind } : n)
            .Where(n => principal.Allows(n.Namespace, NamespaceAccess.Read))
            .OrderBy(n => n.Namespace, StringComparer.Ordinal)
            .ThenBy(n => n.Kind == NamespaceStats.EpisodesKind ? 0 : 1)
            .ToList();
        return stats with
        {
            Namespaces = namespaces,
            Graphs = (stats.Graphs ?? []).Where(g => principal.Allows(g.Namespace, NamespaceAccess.Read)).ToList(),
        };
    }

    /// <summary>Makes a filter from caller input, checking the time range.</summary>
    public static EpisodeFilter CreateFilter(string? conversationId, string? sessionId, string? speaker, string? from, string? to)
    {
        var (start, end) = TimeRange.ParseRange(from, to);
        return new EpisodeFilter
        {
            ConversationId = NullIfEmpty(conversationId),
            SessionId = NullIfEmpty(sessionId),
            Speaker = NullIfEmpty(speaker),
            From = start,
            To = end,
        };
    }

    /// <summary>Parses a search mode name (hybrid, dense, keyword).</summary>
    public static SearchMode ParseMode(string? mode) => mode?.Trim().ToLowerInvariant() switch
    {
        null or "" or "hybrid" => SearchMode.Hybrid,
        "dense" or "semantic" or "vector" => SearchMode.Dense,
        "keyword" or "bm25" or "lexical" => SearchMode.Keyword,
        _ => throw Invalid($"'mode' value '{mode}' is unknown: use 'hybrid' (default), 'dense' or 'keyword'."),
    };

    private Episode ToEpisode(EpisodeInput input, string field, DateTimeOffset now)
    {
        if (input is null)
        {
            throw Invalid($"'{field}' is null: send an object with a 'text'.");
        }

        if (string.IsNullOrWhiteSpace(input.Text))
        {
            throw Invalid($"'{field}.text' is missing or empty: every record needs the text to remember.");
        }

        CheckTextSize(input.Text, $"{field}.text");
        CheckShort(input.Speaker, $"{field}.speaker");
        CheckShort(input.Role, $"{field}.role");
        CheckShort(input.ConversationId, $"{field}.conversation_id");
        CheckShort(input.SessionId, $"{field}.session_id");
        CheckShort(input.ClientId, $"{field}.client_id");
        string? metadata = null;
        if (input.Metadata is { } element && element.ValueKind != JsonValueKind.Null)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw Invalid($"'{field}.metadata' must be a JSON object, not {element.ValueKind.ToString().ToLowerInvariant()}.");
            }

            metadata = element.GetRawText();
            var bytes = Encoding.UTF8.GetByteCount(metadata);
            if (bytes > Limits.MaxMetadataBytes)
            {
                throw Invalid($"'{field}.metadata' is {bytes} bytes; the limit is {Limits.MaxMetadataBytes}.");
            }
        }

        var timestamp = ToMicroseconds(TimeRange.Parse(input.Timestamp, $"{field}.timestamp") ?? now);
        return new Episode
        {
            Id = NewId(now),
            Text = input.Text,
            Speaker = NullIfEmpty(input.Speaker),
            Role = NullIfEmpty(input.Role),
            Timestamp = timestamp.ToUniversalTime(),
            ConversationId = NullIfEmpty(input.ConversationId),
            SessionId = NullIfEmpty(input.SessionId),
            Metadata = metadata,
            ClientId = NullIfEmpty(input.ClientId),
            RecordedAt = now,
        };
    }

    private void CheckTextSize(string text, string field)
    {
        var bytes = Encoding.UTF8.GetByteCount(text);
        if (bytes > Limits.MaxTextBytes)
        {
            throw Invalid($"'{field}' is {bytes} bytes; the limit is {Limits.MaxTextBytes} bytes (UTF-8). Split it into several records.");
        }
    }

    private static void CheckShort(string? value, string field)
    {
        if (value is not null && value.Length > 256)
        {
            throw Invalid($"'{field}' is {value.Length} characters; the limit is 256.");
        }
    }

    private static string NewId(DateTimeOffset recordedAt) => "ep_" + Guid.CreateVersion7(recordedAt).ToString("N");

    // Segments keep microseconds (Arrow timestamp[us]); dropping finer ticks up front keeps every copy of a record equal.
    private static DateTimeOffset ToMicroseconds(DateTimeOffset value) => new(value.UtcTicks - (value.UtcTicks % 10), TimeSpan.Zero);

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static string EncodeCursor(EpisodePosition position)
    {
        var raw = Encoding.UTF8.GetBytes($"{position.Timestamp.UtcTicks}|{position.Id}");
        return Base64Url.EncodeToString(raw);
    }

    private static EpisodePosition? DecodeCursor(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return null;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            var bar = text.IndexOf('|', StringComparison.Ordinal);
            var ticks = long.Parse(text.AsSpan(0, bar), System.Globalization.CultureInfo.InvariantCulture);
            return new EpisodePosition(new DateTimeOffset(ticks, TimeSpan.Zero), text[(bar + 1)..]);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or OverflowException)
        {
            throw Invalid("'cursor' is not a cursor this server gave out: pass 'next_cursor' from the previous page unchanged, or leave it out to start at the beginning.");
        }
    }

    private static McpMemoryException Invalid(string message) => new(McpMemoryErrorCodes.InvalidArgument, message);
}
