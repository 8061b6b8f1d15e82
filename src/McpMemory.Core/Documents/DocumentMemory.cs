using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using McpMemory.Core.Episodic;
using McpMemory.Core.Identity;
using McpMemory.Core.Storage;
using Microsoft.Extensions.Options;

namespace McpMemory.Core.Documents;

/// <summary>
/// Documents as callers see them: checks input, cuts text into chunks that fit the embedding model's window, and keeps
/// each chunk as a record of the episode store in the namespace's hidden companion (<see cref="CompanionNamespace.Documents"/>),
/// so that durability, background embedding, hybrid search, sharing between processes and backups are the store's.
/// A document is one conversation of that namespace: its id is the conversation id, its chunks are the turns in order
/// (chunk ids are the document id, ':' and the index), and its first chunk carries the document's header.
/// </summary>
public sealed partial class DocumentMemory
{
    /// <summary>The most chunks before and after a hit that a search may join into its passage.</summary>
    public const int MaxExpand = 10;

    /// <summary>The most characters of a title.</summary>
    public const int MaxTitleLength = 512;

    /// <summary>The most characters of a source.</summary>
    public const int MaxSourceLength = 2048;

    // The session id of a document's first chunk, which carries the header: listing documents lists these.
    private const string HeadSession = "document";

    // Part of every chunk's client id: a document chunked differently is a different set of records.
    private const int ChunkingVersion = 1;

    private readonly IEpisodeStore _store;
    private readonly DocumentChunker _chunker;
    private readonly McpMemoryOptions _options;

    /// <summary>Creates the service.</summary>
    public DocumentMemory(IEpisodeStore store, DocumentChunker chunker, IOptions<McpMemoryOptions> options)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(chunker);
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _chunker = chunker;
        _options = options.Value;
    }

    private EpisodeLimits Limits => _options.Limits;

    /// <summary>
    /// Checks <paramref name="input"/> and cuts it into chunks, without storing anything; throws an
    /// <see cref="McpMemoryException"/> naming the field (prefixed by <paramref name="place"/>, such as a file name,
    /// when given) on bad input.
    /// </summary>
    public PreparedDocument Prepare(DocumentInput input, string? place = null)
    {
        var where = place is null ? "" : $"{place}: ";
        if (input is null || string.IsNullOrWhiteSpace(input.Text))
        {
            throw Invalid($"{where}'text' is missing or empty: give the document's text (plain or Markdown).");
        }

        var text = input.Text;
        var bytes = Encoding.UTF8.GetByteCount(text);
        if (bytes > Limits.MaxDocumentBytes)
        {
            throw Invalid($"{where}'text' is {bytes} bytes; the limit is {Limits.MaxDocumentBytes} bytes (UTF-8, McpMemory:Limits:MaxDocumentBytes). Split the document.");
        }

        if (input.Title is { Length: > MaxTitleLength })
        {
            throw Invalid($"{where}'title' is {input.Title.Length} characters; the limit is {MaxTitleLength}.");
        }

        var source = string.IsNullOrWhiteSpace(input.Source) ? null : input.Source.Trim();
        if (source is { Length: > MaxSourceLength })
        {
            throw Invalid($"{where}'source' is {source.Length} characters; the limit is {MaxSourceLength}.");
        }

        var metadata = CheckMetadata(input.Metadata, $"{where}'metadata'");
        var format = ParseFormat(input.Format, source, text, where);
        var chunks = _chunker.Chunk(text, format);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        var title = string.IsNullOrWhiteSpace(input.Title) ? DefaultTitle(text, source, chunks) : input.Title.Trim();
        var now = ToMicroseconds(_options.TimeProvider.GetUtcNow());
        var id = "doc_" + Guid.CreateVersion7(now).ToString("N");
        var key = ClientKey(source, hash, format);
        var info = new DocumentInfo
        {
            Id = id,
            Title = title,
            Source = source,
            Metadata = metadata?.GetRawText(),
            Format = format,
            Length = text.Length,
            ChunkCount = chunks.Count,
            ContentHash = hash,
            AddedAt = now,
        };
        var header = new DocumentHeader { Format = FormatName(format), Length = text.Length, Chunks = chunks.Count, Hash = hash, Metadata = metadata };
        var records = new Episode[chunks.Count];
        for (var i = 0; i < chunks.Count; i++)
        {
            var chunk = chunks[i];
            var record = new ChunkRecord
            {
                Index = i,
                Start = chunk.Start,
                End = chunk.End,
                Headings = chunk.HeadingPath,
                Title = title,
                Source = source,
                Document = i == 0 ? header : null,
            };
            records[i] = new Episode
            {
                Id = ChunkId(id, i),
                Text = text[chunk.Start..chunk.End],
                Timestamp = now.AddTicks(i * 10L),
                ConversationId = id,
                SessionId = i == 0 ? HeadSession : null,
                Metadata = JsonSerializer.Serialize(record, DocumentJsonContext.Default.ChunkRecord),
                ClientId = key + ":" + i.ToString(CultureInfo.InvariantCulture),
                RecordedAt = now,
            };
        }

        return new PreparedDocument(info, records);
    }

    /// <summary>Checks, chunks and stores a document; see <see cref="Prepare"/>.</summary>
    public Task<(string Namespace, DocumentAddOutcome Outcome)> AddAsync(MemoryPrincipal principal, string? ns, DocumentInput input, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        principal.ResolveNamespace(ns, NamespaceAccess.Write);
        return AddAsync(principal, ns, Prepare(input), progress, cancellationToken);
    }

    /// <summary>
    /// Stores a prepared document in one atomic write. When the same text from the same source is stored already,
    /// nothing is written and the outcome names the document that is there.
    /// </summary>
    public async Task<(string Namespace, DocumentAddOutcome Outcome)> AddAsync(MemoryPrincipal principal, string? ns, PreparedDocument document, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(document);
        var target = principal.ResolveNamespace(ns, NamespaceAccess.Write);
        var store = CompanionNamespace.Documents.For(target);
        var outcomes = await _store.AddAsync(store, document.Records, progress, cancellationToken).ConfigureAwait(false);
        if (outcomes[0].Created)
        {
            return (target, new DocumentAddOutcome(document.Info, Created: true));
        }

        var existing = await _store.GetAsync(store, [outcomes[0].Id], cancellationToken).ConfigureAwait(false);
        var info = existing.Count == 1 && ToInfo(existing[0]) is { } found ? found : document.Info;
        return (target, new DocumentAddOutcome(info, Created: false));
    }

    /// <summary>Parses a format name: <c>markdown</c> (or <c>md</c>), <c>text</c> (or <c>txt</c>, <c>plain</c>); null when empty.</summary>
    public static DocumentFormat? ParseFormat(string? format) => format?.Trim().ToLowerInvariant() switch
    {
        null or "" or "auto" => null,
        "markdown" or "md" => DocumentFormat.Markdown,
        "text" or "txt" or "plain" => DocumentFormat.Text,
        _ => throw Invalid($"'format' value '{format}' is unknown: use 'markdown' or 'text', or leave it out to decide from the source and the text."),
    };

    /// <summary>The name of a format as tools show it.</summary>
    public static string FormatName(DocumentFormat format) => format == DocumentFormat.Markdown ? "markdown" : "text";

    private static DocumentFormat ParseFormat(string? format, string? source, string text, string where)
    {
        DocumentFormat? parsed;
        try
        {
            parsed = ParseFormat(format);
        }
        catch (McpMemoryException ex) when (where.Length > 0)
        {
            throw Invalid(where + ex.Message);
        }

        if (parsed is { } known)
        {
            return known;
        }

        var extension = source is null ? "" : Path.GetExtension(source.AsSpan()).ToString().ToLowerInvariant();
        if (extension is ".md" or ".markdown" or ".mdx")
        {
            return DocumentFormat.Markdown;
        }

        if (extension is ".txt" or ".text")
        {
            return DocumentFormat.Text;
        }

        foreach (var line in text.AsSpan().EnumerateLines())
        {
            var content = line.TrimStart();
            if (content.StartsWith("```", StringComparison.Ordinal) || content.StartsWith("# ", StringComparison.Ordinal) || content.StartsWith("## ", StringComparison.Ordinal))
            {
                return DocumentFormat.Markdown;
            }
        }

        return DocumentFormat.Text;
    }

    private static string DefaultTitle(string text, string? source, IReadOnlyList<TextChunk> chunks)
    {
        foreach (var chunk in chunks)
        {
            if (chunk.HeadingPath.Count > 0)
            {
                return chunk.HeadingPath[0];
            }
        }

        if (source is not null)
        {
            var name = Path.GetFileNameWithoutExtension(source.TrimEnd('/', '\\'));
            if (!string.IsNullOrWhiteSpace(name))
            {
                return name;
            }
        }

        foreach (var line in text.AsSpan().EnumerateLines())
        {
            var content = line.Trim();
            if (!content.IsEmpty)
            {
                return content.Length <= 80 ? content.ToString() : string.Concat(content[..80].TrimEnd(), "…");
            }
        }

        return "untitled";
    }

    private string ClientKey(string? source, string hash, DocumentFormat format)
    {
        var identity = string.Join('\n', source ?? "", hash, FormatName(format), ChunkingVersion.ToString(CultureInfo.InvariantCulture),
            _chunker.MaxTokens.ToString(CultureInfo.InvariantCulture), _chunker.Overlap.ToString("R", CultureInfo.InvariantCulture));
        return "doc:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..32];
    }

    private JsonElement? CheckMetadata(JsonElement? metadata, string field)
    {
        if (metadata is not { } element || element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Invalid($"{field} must be a JSON object, not {element.ValueKind.ToString().ToLowerInvariant()}.");
        }

        var bytes = Encoding.UTF8.GetByteCount(element.GetRawText());
        if (bytes > Limits.MaxMetadataBytes)
        {
            throw Invalid($"{field} is {bytes} bytes; the limit is {Limits.MaxMetadataBytes}.");
        }

        return element.Clone();
    }

    internal static string ChunkId(string documentId, int index) => documentId + ":" + index.ToString(CultureInfo.InvariantCulture);

    // Segments keep microseconds (Arrow timestamp[us]); dropping finer ticks up front keeps every copy of a record equal.
    private static DateTimeOffset ToMicroseconds(DateTimeOffset value) => new(value.UtcTicks - (value.UtcTicks % 10), TimeSpan.Zero);

    private static McpMemoryException Invalid(string message) => new(McpMemoryErrorCodes.InvalidArgument, message);
}
