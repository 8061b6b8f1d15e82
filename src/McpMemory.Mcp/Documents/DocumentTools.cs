using System.ComponentModel;
using System.Security.Claims;
using System.Text.Json;
using McpMemory.Core.Documents;
using McpMemory.Core.Episodic;
using McpMemory.Mcp.Episodic;
using McpMemory.Mcp.Identity;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpMemory.Mcp.Documents;

/// <summary>The document tools: text and Markdown kept as chunks, found by meaning and keywords, cited to the character.</summary>
[McpServerToolType]
public sealed class DocumentTools(DocumentMemory documents, PrincipalResolver principals)
{
    private const string NamespaceHelp = "Namespace to use; leave out for your default namespace. Only namespaces you are allowed are accepted.";

    /// <summary>document_add.</summary>
    [McpServerTool(Name = "document_add", Title = "Add a document", Idempotent = true, Destructive = false, ReadOnly = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Add a document (plain text or Markdown, up to 4 MiB by default) for later search. It is cut into chunks that fit the embedding model's window (256 tokens), " +
        "following headings, paragraphs and sentences, with about 15% overlap, and stored durably in one piece before this returns: found by keywords at once, by meaning within moments. " +
        "Adding the same text from the same source again changes nothing and returns the document already there (created=false).")]
    public Task<DocumentAddResult> AddAsync(
        RequestContext<CallToolRequestParams> request,
        [Description("The document's text, plain or Markdown.")] string text,
        [Description("A title; by default its first heading, else the source's file name, else its first line.")] string? title = null,
        [Description("Where it comes from: a path, a URL or any label. Search and list can filter on it.")] string? source = null,
        [Description("Free metadata, a JSON object; search and list can filter on its top-level keys.")] JsonElement? metadata = null,
        [Description("'markdown' or 'text'; by default Markdown when the source ends in .md or .markdown or the text has Markdown headings or code fences.")] string? format = null,
        [Description(NamespaceHelp)] string? @namespace = null,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default) =>
        EpisodicTools.Guard(async () =>
        {
            var principal = principals.Resolve(user);
            var prepared = documents.Prepare(new DocumentInput { Text = text, Title = title, Source = source, Metadata = metadata, Format = format });
            var progress = new EpisodicTools.RecordProgress(request, prepared.Info.ChunkCount);
            var (ns, outcome) = await documents.AddAsync(principal, @namespace, prepared, progress, cancellationToken).ConfigureAwait(false);
            await progress.FlushAsync().ConfigureAwait(false);
            return new DocumentAddResult(ns, DocumentView.From(outcome.Document), outcome.Created);
        });

    /// <summary>document_search.</summary>
    [McpServerTool(Name = "document_search", Title = "Search documents", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Search added documents by meaning and keywords (hybrid by default), optionally within one document, a source, or documents whose metadata matches. " +
        "Each hit is a chunk with its text and exactly where it comes from (document id, title, source, chunk index, character offsets, headings), its score and why it matched; " +
        "'expand' joins the chunks around each hit into one passage.")]
    public Task<DocumentSearchResult> SearchAsync(
        [Description("What to look for, in natural language or keywords.")] string query,
        [Description("How many hits to return (1-200).")] int k = 10,
        [Description("Ranking: 'hybrid' (meaning + keywords, default), 'dense' (meaning only) or 'keyword' (BM25 only).")] string mode = "hybrid",
        [Description("Only this document.")] string? document_id = null,
        [Description("Only documents from this source; end it with '*' to match every source that starts with the rest (a folder, a site).")] string? source = null,
        [Description("Only documents whose metadata has each of these top-level keys with an equal value, a JSON object such as {\"team\":\"infra\"}.")] JsonElement? metadata = null,
        [Description("Chunks before and after each hit to join into its passage (0-10); 0 leaves the passage out.")] int expand = 0,
        [Description("Wait until every chunk added before this search can be found by meaning.")] bool wait_for_embeddings = false,
        [Description(NamespaceHelp)] string? @namespace = null,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default) =>
        EpisodicTools.Guard(async () =>
        {
            var searchMode = EpisodicMemory.ParseMode(mode);
            var search = new DocumentSearchQuery
            {
                Text = query,
                K = k,
                Mode = searchMode,
                DocumentId = document_id,
                Source = source,
                Metadata = metadata,
                Expand = expand,
                WaitForEmbeddings = wait_for_embeddings,
            };
            var (ns, hits) = await documents.SearchAsync(principals.Resolve(user), @namespace, search, cancellationToken).ConfigureAwait(false);
            return new DocumentSearchResult(ns, searchMode.ToString().ToLowerInvariant(), hits.Select(DocumentSearchHit.From).ToList());
        });

    /// <summary>document_get.</summary>
    [McpServerTool(Name = "document_get", Title = "Read a document", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Read an added document: its title, source and metadata, and its text (all of it, or chunks from_chunk to to_chunk) rebuilt from its chunks. " +
        "Long texts come a page of about max_chars characters at a time: pass 'next_cursor' back as 'cursor' for the next page.")]
    public Task<DocumentGetResult> GetAsync(
        [Description("The document's id.")] string document_id,
        [Description("The first chunk to return (default 0).")] int? from_chunk = null,
        [Description("The last chunk to return (default the document's last).")] int? to_chunk = null,
        [Description("About how many characters one page may hold (1000-1000000); whole chunks, at least one.")] int max_chars = 20_000,
        [Description("The 'next_cursor' of the previous page of this document.")] string? cursor = null,
        [Description(NamespaceHelp)] string? @namespace = null,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default) =>
        EpisodicTools.Guard(async () =>
        {
            var (ns, text) = await documents.GetAsync(principals.Resolve(user), @namespace, document_id, from_chunk, to_chunk, max_chars, cursor, cancellationToken).ConfigureAwait(false);
            return new DocumentGetResult(ns, DocumentView.From(text.Document), PassageView.From(text.Passage), text.NextCursor);
        });

    /// <summary>document_list.</summary>
    [McpServerTool(Name = "document_list", Title = "List documents", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("List added documents, oldest first, a page at a time, optionally from one source or with matching metadata: id, title, source, metadata, length, chunk count and content hash, without their text.")]
    public Task<DocumentListResult> ListAsync(
        [Description("Only documents from this source; end it with '*' to match every source that starts with the rest.")] string? source = null,
        [Description("Only documents whose metadata has each of these top-level keys with an equal value (a JSON object).")] JsonElement? metadata = null,
        [Description("Page size (1-500).")] int limit = 50,
        [Description("The 'next_cursor' of the previous page.")] string? cursor = null,
        [Description(NamespaceHelp)] string? @namespace = null,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default) =>
        EpisodicTools.Guard(async () =>
        {
            var (ns, list, next) = await documents.ListAsync(principals.Resolve(user), @namespace, source, metadata, limit, cursor, cancellationToken).ConfigureAwait(false);
            return new DocumentListResult(ns, list.Select(DocumentView.From).ToList(), next);
        });

    /// <summary>document_delete.</summary>
    [McpServerTool(Name = "document_delete", Title = "Delete documents", Destructive = true, Idempotent = true, ReadOnly = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Delete added documents by id, with all their chunks. Deleted documents are no longer returned by any tool; adding the same text again stores it anew.")]
    public Task<DocumentDeleteResult> DeleteAsync(
        [Description("The ids of the documents to delete.")] IReadOnlyList<string> document_ids,
        [Description(NamespaceHelp)] string? @namespace = null,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default) =>
        EpisodicTools.Guard(async () =>
        {
            var (ns, deleted, missing, chunks) = await documents.DeleteAsync(principals.Resolve(user), @namespace, document_ids, cancellationToken).ConfigureAwait(false);
            return new DocumentDeleteResult(ns, deleted, missing, chunks);
        });
}
