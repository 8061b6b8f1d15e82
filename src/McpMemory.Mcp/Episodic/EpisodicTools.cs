using System.ComponentModel;
using System.Security.Claims;
using McpMemory.Core;
using McpMemory.Core.Episodic;
using McpMemory.Core.Storage;
using McpMemory.Mcp.Identity;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpMemory.Mcp.Episodic;

/// <summary>The episodic-memory tools: conversations and events in time order.</summary>
[McpServerToolType]
public sealed class EpisodicTools(EpisodicMemory memory, PrincipalResolver principals)
{
    private const string NamespaceHelp = "Namespace to use; leave out for your default namespace. Only namespaces you are allowed are accepted.";

    /// <summary>episode_add.</summary>
    [McpServerTool(Name = "episode_add", Title = "Remember events", Idempotent = false, Destructive = false, ReadOnly = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Remember one event or conversation turn, or a batch of them, for later search. Give 'text' (and optionally speaker, role, timestamp, conversation_id, session_id, metadata, client_id) for one record, or 'episodes' for up to 1,000. " +
        "A record is stored durably before this returns and is found by keyword search at once; search by meaning follows within moments. Set 'client_id' to make a retried write a no-op. Returns the ids in the order sent.")]
    public Task<EpisodeAddResult> AddAsync(
        RequestContext<CallToolRequestParams> request,
        [Description("The text of a single record to remember. Use 'episodes' instead for a batch.")] string? text = null,
        [Description("Who said it (single record).")] string? speaker = null,
        [Description("The speaker's role such as user or assistant (single record).")] string? role = null,
        [Description("When it happened, ISO 8601 such as 2024-05-08T13:56:00Z (single record); default now.")] string? timestamp = null,
        [Description("The conversation it belongs to (single record).")] string? conversation_id = null,
        [Description("The session within the conversation (single record).")] string? session_id = null,
        [Description("Free metadata, a JSON object (single record).")] System.Text.Json.JsonElement? metadata = null,
        [Description("Your own id for this write; sending it again changes nothing (single record).")] string? client_id = null,
        [Description("A batch of records, each with text and the same optional fields as above (snake_case).")] IReadOnlyList<EpisodeInput>? episodes = null,
        [Description(NamespaceHelp)] string? @namespace = null,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default) =>
        Guard(async () =>
        {
            if (text is not null && episodes is not null)
            {
                throw new McpMemoryException(McpMemoryErrorCodes.InvalidArgument, "Give either 'text' (one record) or 'episodes' (a batch), not both.");
            }

            if (text is null && episodes is null)
            {
                throw new McpMemoryException(McpMemoryErrorCodes.InvalidArgument, "Nothing to store: give 'text' for one record, or 'episodes' for a batch.");
            }

            IReadOnlyList<EpisodeInput>? inputs = episodes;
            if (text is not null)
            {
                inputs = [new EpisodeInput
                {
                    Text = text, Speaker = speaker, Role = role, Timestamp = timestamp, ConversationId = conversation_id,
                    SessionId = session_id, Metadata = metadata, ClientId = client_id,
                }];
            }

            var progress = new RecordProgress(request, inputs!.Count);
            var (ns, outcomes) = await memory.AddAsync(principals.Resolve(user), @namespace, inputs, progress, cancellationToken).ConfigureAwait(false);
            await progress.FlushAsync().ConfigureAwait(false);
            var created = outcomes.Count(o => o.Created);
            return new EpisodeAddResult(ns, outcomes.Select(o => o.Id).ToList(), created, outcomes.Count - created);
        });

    /// <summary>episode_search.</summary>
    [McpServerTool(Name = "episode_search", Title = "Search memory", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Search remembered events by meaning and keywords (hybrid by default), optionally within a conversation, session, speaker or time range. " +
        "Returns the best hits with their text, speaker, time, score, and why each matched (rank by meaning and by keywords).")]
    public Task<EpisodeSearchResult> SearchAsync(
        [Description("What to look for, in natural language or keywords.")] string query,
        [Description("How many hits to return (1-200).")] int k = 10,
        [Description("Ranking: 'hybrid' (meaning + keywords, default), 'dense' (meaning only) or 'keyword' (BM25 only).")] string mode = "hybrid",
        [Description("Only this conversation.")] string? conversation_id = null,
        [Description("Only this session.")] string? session_id = null,
        [Description("Only this speaker (case-insensitive).")] string? speaker = null,
        [Description("Only events at or after this time (ISO 8601).")] string? from = null,
        [Description("Only events before this time (ISO 8601).")] string? to = null,
        [Description("Wait until every record written before this search can be found by meaning.")] bool wait_for_embeddings = false,
        [Description(NamespaceHelp)] string? @namespace = null,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default) =>
        Guard(async () =>
        {
            var searchMode = EpisodicMemory.ParseMode(mode);
            var query0 = new EpisodeSearchQuery
            {
                Text = query,
                K = k,
                Mode = searchMode,
                Filter = EpisodicMemory.CreateFilter(conversation_id, session_id, speaker, from, to),
                WaitForEmbeddings = wait_for_embeddings,
            };
            var (ns, hits) = await memory.SearchAsync(principals.Resolve(user), @namespace, query0, cancellationToken).ConfigureAwait(false);
            return new EpisodeSearchResult(
                ns,
                searchMode.ToString().ToLowerInvariant(),
                hits.Select(EpisodeSearchHit.From).ToList());
        });

    /// <summary>episode_get.</summary>
    [McpServerTool(Name = "episode_get", Title = "Get events", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Get remembered events by id, optionally with the turns around each one in its conversation ('context' turns before and after).")]
    public Task<EpisodeGetResult> GetAsync(
        [Description("The ids to get.")] IReadOnlyList<string> ids,
        [Description("How many turns before and after each record to include (0-50).")] int context = 0,
        [Description(NamespaceHelp)] string? @namespace = null,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default) =>
        Guard(async () =>
        {
            var (ns, found, missing, around) = await memory.GetAsync(principals.Resolve(user), @namespace, ids, context, cancellationToken).ConfigureAwait(false);
            return new EpisodeGetResult(
                ns,
                found.Select(e => new EpisodeWithContext(EpisodeView.From(e), around.TryGetValue(e.Id, out var list) ? list.Select(EpisodeView.From).ToList() : [])).ToList(),
                missing);
        });

    /// <summary>episode_list.</summary>
    [McpServerTool(Name = "episode_list", Title = "List events", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("List remembered events in time order (oldest first, or newest first with order='desc'), a page at a time, optionally within a conversation, session, speaker or time range. Pass 'next_cursor' back as 'cursor' for the next page.")]
    public Task<EpisodeListResult> ListAsync(
        [Description("Only this conversation.")] string? conversation_id = null,
        [Description("Only this session.")] string? session_id = null,
        [Description("Only this speaker (case-insensitive).")] string? speaker = null,
        [Description("Only events at or after this time (ISO 8601).")] string? from = null,
        [Description("Only events before this time (ISO 8601).")] string? to = null,
        [Description("Page size (1-500).")] int limit = 50,
        [Description("'asc' (oldest first, default) or 'desc' (newest first).")] string order = "asc",
        [Description("The 'next_cursor' of the previous page.")] string? cursor = null,
        [Description(NamespaceHelp)] string? @namespace = null,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default) =>
        Guard(async () =>
        {
            var descending = order?.Trim().ToLowerInvariant() switch
            {
                null or "" or "asc" => false,
                "desc" => true,
                _ => throw new McpMemoryException(McpMemoryErrorCodes.InvalidArgument, $"'order' value '{order}' is unknown: use 'asc' or 'desc'."),
            };
            var filter = EpisodicMemory.CreateFilter(conversation_id, session_id, speaker, from, to);
            var (ns, page, next) = await memory.ListAsync(principals.Resolve(user), @namespace, filter, cursor, limit, descending, cancellationToken).ConfigureAwait(false);
            return new EpisodeListResult(ns, page.Items.Select(EpisodeView.From).ToList(), next);
        });

    /// <summary>episode_delete.</summary>
    [McpServerTool(Name = "episode_delete", Title = "Forget events", Destructive = true, Idempotent = true, ReadOnly = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Delete remembered events by id, or every event of a conversation. Deleted events are no longer returned by any tool.")]
    public Task<EpisodeDeleteResult> DeleteAsync(
        [Description("The ids to delete.")] IReadOnlyList<string>? ids = null,
        [Description("Delete every event of this conversation.")] string? conversation_id = null,
        [Description(NamespaceHelp)] string? @namespace = null,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default) =>
        Guard(async () =>
        {
            var (ns, deleted, missing) = await memory.DeleteAsync(principals.Resolve(user), @namespace, ids, conversation_id, cancellationToken).ConfigureAwait(false);
            return new EpisodeDeleteResult(ns, deleted, missing);
        });

    /// <summary>memory_stats.</summary>
    [McpServerTool(Name = "memory_stats", Title = "Memory statistics", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Counts of the memory you can read: records per namespace, how many still wait for embeddings, segment files and log size, the embedding model in use, and per knowledge graph its entities, relations, facts and entities waiting for embeddings.")]
    public Task<StoreStats> StatsAsync(ClaimsPrincipal? user = null, CancellationToken cancellationToken = default) =>
        Guard(() => memory.GetStatsAsync(principals.Resolve(user), cancellationToken));

    /// <summary>Turns caller-fixable errors into tool errors whose message the client sees.</summary>
    internal static async Task<T> Guard<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (McpMemoryException ex)
        {
            throw new McpException($"{ex.Message} [{ex.Code}]", ex);
        }
    }

    // Sends the store's counts as MCP progress notifications, strictly increasing and in order; FlushAsync waits for
    // the last one, so that the client has every notification before the result (it drops later ones).
    internal sealed class RecordProgress(RequestContext<CallToolRequestParams> request, int total) : IProgress<int>
    {
        private readonly Lock _gate = new();
        private Task _sent = Task.CompletedTask;
        private int _last = -1;

        public void Report(int value)
        {
            if (request.Params?.ProgressToken is not { } token)
            {
                return;
            }

            lock (_gate)
            {
                if (value <= _last)
                {
                    return;
                }

                _last = value;
                var notification = new ProgressNotificationValue { Progress = value, Total = total, Message = value == total ? $"{total} records stored" : $"{value} of {total} records handled" };
                _sent = _sent.ContinueWith(_ => SendAsync(token, notification), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
            }
        }

        // Progress is best effort: a client that went away must not turn a stored write into an error.
        private async Task SendAsync(ProgressToken token, ProgressNotificationValue notification)
        {
            try
            {
                await request.Server.NotifyProgressAsync(token, notification).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                _ = ex;
            }
        }

        public Task FlushAsync()
        {
            lock (_gate)
            {
                return _sent;
            }
        }
    }
}
