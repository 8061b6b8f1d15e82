using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using McpMemory.Core;
using McpMemory.Core.Episodic;
using McpMemory.Core.Identity;
using McpMemory.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace McpMemory.Server.Cli.Transfer;

/// <summary>
/// Episodes as JSON Lines: one object per record with the fields of <c>episode_add</c> (text, speaker, role,
/// timestamp, conversation_id, session_id, metadata, client_id) plus <c>id</c> and <c>recorded_at</c>, in time order.
/// Timestamps are written in UTC with microseconds (what the store keeps), so an export reads back to the same records.
/// Import also takes plain <c>episode_add</c>-shaped lines without ids, which get new ids as with <c>ingest</c>.
/// </summary>
internal sealed class EpisodeJsonLinesFormat : ITransferFormat
{
    private const int PageSize = 500;
    private const int DefaultBatchSize = 500;
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";
    private static readonly string[] Fields = ["id", "text", "speaker", "role", "timestamp", "conversation_id", "session_id", "metadata", "client_id", "recorded_at"];
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    public string Name => "jsonl";

    public string Description => "episodes as JSON Lines, one object per line with the fields of episode_add plus id and recorded_at";

    public async Task<(string Namespace, long Records)> ExportAsync(IServiceProvider services, MemoryPrincipal principal, string? ns, Stream output, CancellationToken cancellationToken)
    {
        var target = principal.ResolveNamespace(ns, NamespaceAccess.Read);
        var store = services.GetRequiredService<IEpisodeStore>();
        var stats = await store.GetStatsAsync(cancellationToken).ConfigureAwait(false);
        var total = stats.Namespaces.FirstOrDefault(n => n.Namespace == target)?.Episodes ?? 0;
        var bar = new TerminalProgress("export", total);
        long written = 0;
        EpisodePosition? after = null;
        var buffer = new MemoryStream();
        do
        {
            var page = await store.ListAsync(target, new EpisodeListQuery { After = after, Limit = PageSize }, cancellationToken).ConfigureAwait(false);
            buffer.SetLength(0);
            foreach (var episode in page.Items)
            {
                Write(buffer, episode);
            }

            await output.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken).ConfigureAwait(false);
            written += page.Items.Count;
            bar.Report(Math.Min(written, total));
            after = page.Next;
        }
        while (after is not null);

        bar.Report(total);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return (target, written);
    }

    public async Task<ImportSummary> ImportAsync(IServiceProvider services, MemoryPrincipal principal, TransferImport request, CancellationToken cancellationToken)
    {
        var limit = services.GetRequiredService<IOptions<McpMemoryOptions>>().Value.Limits.MaxBatchSize;
        var batchSize = request.BatchSize ?? DefaultBatchSize;
        if (batchSize < 1 || batchSize > limit)
        {
            throw new McpMemoryException(McpMemoryErrorCodes.InvalidArgument, $"--batch-size is {batchSize}; it must be between 1 and {limit} (McpMemory:Limits:MaxBatchSize).");
        }

        var clock = Stopwatch.StartNew();
        var (records, places) = Read(request.Path);
        if (records.Count == 0)
        {
            throw new McpMemoryException(McpMemoryErrorCodes.InvalidArgument, $"'{request.Path}' holds no records; nothing was stored.");
        }

        var memory = services.GetRequiredService<EpisodicMemory>();
        var target = principal.ResolveNamespace(request.Namespace, NamespaceAccess.Write);
        memory.ValidateImport(records, i => places[i]);
        var bar = new TerminalProgress("import", records.Count);
        long created = 0, unchanged = 0;
        var writes = 0;
        for (var start = 0; start < records.Count; start += batchSize)
        {
            var chunk = records.Skip(start).Take(batchSize).ToList();
            var (_, outcomes) = await memory.ImportAsync(principal, target, chunk, cancellationToken).ConfigureAwait(false);
            created += outcomes.Count(o => o.Created);
            unchanged += outcomes.Count(o => !o.Created);
            writes++;
            bar.Report(start + chunk.Count);
        }

        var seconds = clock.Elapsed.TotalSeconds;
        long? pending = null;
        double? waited = null;
        if (request.WaitForEmbeddings)
        {
            var store = services.GetRequiredService<IEpisodeStore>();
            clock.Restart();
            pending = await EmbeddingWait.WaitAsync(
                async ct => (await store.GetStatsAsync(ct).ConfigureAwait(false)).Namespaces.FirstOrDefault(n => n.Namespace == target)?.PendingEmbeddings ?? 0,
                cancellationToken).ConfigureAwait(false);
            waited = clock.Elapsed.TotalSeconds;
        }

        return new ImportSummary
        {
            Namespace = target,
            Format = Name,
            Created = created,
            Unchanged = unchanged,
            Writes = writes,
            PendingEmbeddings = pending,
            Seconds = Math.Round(seconds, 3),
            EmbeddingSeconds = waited is { } w ? Math.Round(w, 3) : null,
        };
    }

    private static void Write(Stream stream, Episode episode)
    {
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false }))
        {
            writer.WriteStartObject();
            writer.WriteString("id", episode.Id);
            writer.WriteString("text", episode.Text);
            WriteIfSet(writer, "speaker", episode.Speaker);
            WriteIfSet(writer, "role", episode.Role);
            writer.WriteString("timestamp", FormatTime(episode.Timestamp));
            WriteIfSet(writer, "conversation_id", episode.ConversationId);
            WriteIfSet(writer, "session_id", episode.SessionId);
            if (episode.Metadata is { } metadata)
            {
                writer.WritePropertyName("metadata");
                writer.WriteRawValue(metadata, skipInputValidation: false);
            }

            WriteIfSet(writer, "client_id", episode.ClientId);
            writer.WriteString("recorded_at", FormatTime(episode.RecordedAt));
            writer.WriteEndObject();
        }

        stream.Write(NewLine);
    }

    private static void WriteIfSet(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static string FormatTime(DateTimeOffset value) => value.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    private static (List<EpisodeImport> Records, List<string> Places) Read(string path)
    {
        if (Directory.Exists(path))
        {
            throw new McpMemoryException(McpMemoryErrorCodes.InvalidArgument, $"'{Path.GetFullPath(path)}' is a folder; give a JSON Lines file written by 'mcp-memory export'.");
        }

        if (!File.Exists(path))
        {
            throw new McpMemoryException(McpMemoryErrorCodes.InvalidArgument, $"The file '{Path.GetFullPath(path)}' does not exist.");
        }

        var records = new List<EpisodeImport>();
        var places = new List<string>();
        var number = 0;
        foreach (var line in File.ReadLines(path, Encoding.UTF8))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            records.Add(Parse(line, number, path));
            places.Add($"line {number}");
        }

        return (records, places);
    }

    private static EpisodeImport Parse(string line, int number, string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            throw Invalid(number, path, $"it is not valid JSON ({ex.Message})", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Invalid(number, path, $"it is a JSON {root.ValueKind.ToString().ToLowerInvariant()}, not an object");
            }

            var values = new Dictionary<string, string?>(StringComparer.Ordinal);
            JsonElement? metadata = null;
            foreach (var property in root.EnumerateObject())
            {
                if (!Fields.Contains(property.Name, StringComparer.Ordinal))
                {
                    throw Invalid(number, path, $"it has the field '{property.Name}', which this version does not know; the fields are {string.Join(", ", Fields)}");
                }

                if (values.ContainsKey(property.Name) || (property.Name == "metadata" && metadata is not null))
                {
                    throw Invalid(number, path, $"the field '{property.Name}' appears twice");
                }

                if (property.Name == "metadata")
                {
                    metadata = property.Value.Clone();
                    continue;
                }

                values[property.Name] = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString(),
                    JsonValueKind.Null => null,
                    _ => throw Invalid(number, path, $"the field '{property.Name}' is a JSON {property.Value.ValueKind.ToString().ToLowerInvariant()}; it must be a string"),
                };
            }

            var input = new EpisodeInput
            {
                Text = values.GetValueOrDefault("text"),
                Speaker = values.GetValueOrDefault("speaker"),
                Role = values.GetValueOrDefault("role"),
                Timestamp = values.GetValueOrDefault("timestamp"),
                ConversationId = values.GetValueOrDefault("conversation_id"),
                SessionId = values.GetValueOrDefault("session_id"),
                Metadata = metadata,
                ClientId = values.GetValueOrDefault("client_id"),
            };
            var recordedAt = TimeRange.Parse(values.GetValueOrDefault("recorded_at"), $"line {number}.recorded_at");
            return new EpisodeImport(input, values.GetValueOrDefault("id"), recordedAt);
        }
    }

    private static McpMemoryException Invalid(int number, string path, string reason, Exception? inner = null) =>
        new(McpMemoryErrorCodes.InvalidArgument, $"Line {number} of '{path}' is not a valid record: {reason}. Nothing was stored.", inner);
}
