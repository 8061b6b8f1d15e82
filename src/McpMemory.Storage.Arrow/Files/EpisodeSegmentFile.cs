using System.Runtime.InteropServices;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using McpMemory.Core;
using McpMemory.Core.Episodic;

namespace McpMemory.Storage.Arrow.Files;

/// <summary>
/// Reads and writes segment files: Arrow IPC files (the random-access "file" format, uncompressed) with one row per
/// embedded part of a record. Columns are plain Utf8, Int64, Timestamp(µs, UTC) and a never-null
/// FixedSizeList&lt;Float32&gt; named <c>vector</c>, so that Arrow readers and LanceDB take the file as it is.
/// Every row repeats its record's fields, and <c>chunk</c> numbers the parts; most records have exactly one part.
/// </summary>
internal static class EpisodeSegmentFile
{
    public const string ModelMetadataKey = "mcp_memory.embedding_model";
    public const string FormatMetadataKey = "mcp_memory.format_version";
    private const int RowsPerBatch = 2048;
    private static readonly TimestampType Timestamp = new(TimeUnit.Microsecond, "UTC");

    public static Schema CreateSchema(string model, int dimensions)
    {
        var vectorType = new FixedSizeListType(new Field("item", FloatType.Default, nullable: true), dimensions);
        return new Schema.Builder()
            .Field(new Field("id", StringType.Default, nullable: false))
            .Field(new Field("chunk", Int64Type.Default, nullable: false))
            .Field(new Field("chunk_start", Int64Type.Default, nullable: false))
            .Field(new Field("chunk_end", Int64Type.Default, nullable: false))
            .Field(new Field("text", StringType.Default, nullable: false))
            .Field(new Field("speaker", StringType.Default, nullable: true))
            .Field(new Field("role", StringType.Default, nullable: true))
            .Field(new Field("timestamp", Timestamp, nullable: false))
            .Field(new Field("conversation_id", StringType.Default, nullable: true))
            .Field(new Field("session_id", StringType.Default, nullable: true))
            .Field(new Field("metadata", StringType.Default, nullable: true))
            .Field(new Field("client_id", StringType.Default, nullable: true))
            .Field(new Field("recorded_at", Timestamp, nullable: false))
            .Field(new Field("vector", vectorType, nullable: false))
            .Metadata(ModelMetadataKey, model)
            .Metadata(FormatMetadataKey, StoreFormat.CurrentVersion.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Build();
    }

    /// <summary>Writes <paramref name="records"/> to <paramref name="stream"/>; returns the number of rows.</summary>
    public static async Task<int> WriteAsync(Stream stream, IReadOnlyList<SegmentRecord> records, string model, int dimensions, CancellationToken cancellationToken)
    {
        var schema = CreateSchema(model, dimensions);
        var rows = 0;
        using var writer = new ArrowFileWriter(stream, schema, leaveOpen: true, new IpcOptions());
        await writer.WriteStartAsync(cancellationToken).ConfigureAwait(false);
        var batch = new List<(Episode Episode, int Chunk, int Start, int End, ReadOnlyMemory<float> Vector)>(RowsPerBatch);
        foreach (var record in records)
        {
            for (var i = 0; i < record.Parts.Count; i++)
            {
                var (start, end, vector) = record.Parts[i];
                batch.Add((record.Episode, i, start, end, vector));
                if (batch.Count == RowsPerBatch)
                {
                    rows += await WriteBatchAsync(writer, schema, batch, dimensions, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        if (batch.Count > 0 || rows == 0)
        {
            rows += await WriteBatchAsync(writer, schema, batch, dimensions, cancellationToken).ConfigureAwait(false);
        }

        await writer.WriteEndAsync(cancellationToken).ConfigureAwait(false);
        return rows;
    }

    /// <summary>Reads every record of a segment file, parts grouped in order.</summary>
    public static async Task<List<SegmentRecord>> ReadAsync(string path, string expectedModel, int expectedDimensions, CancellationToken cancellationToken)
    {
        var records = new List<SegmentRecord>();
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous);
        using var reader = new ArrowFileReader(stream, leaveOpen: true);
        var count = await reader.RecordBatchCountAsync().ConfigureAwait(false);
        var schema = reader.Schema;
        if (schema.Metadata is { } metadata && metadata.TryGetValue(ModelMetadataKey, out var model) && model != expectedModel)
        {
            throw new McpMemoryException(McpMemoryErrorCodes.Incompatible, $"Segment '{path}' was embedded with '{model}', but this namespace uses '{expectedModel}'.");
        }

        SegmentRecord? current = null;
        List<(int, int, ReadOnlyMemory<float>)>? parts = null;
        for (var b = 0; b < count; b++)
        {
            using var batch = await reader.ReadRecordBatchAsync(b, cancellationToken).ConfigureAwait(false);
            var ids = (StringArray)batch.Column("id");
            var chunks = (Int64Array)batch.Column("chunk");
            var starts = (Int64Array)batch.Column("chunk_start");
            var ends = (Int64Array)batch.Column("chunk_end");
            var texts = (StringArray)batch.Column("text");
            var speakers = (StringArray)batch.Column("speaker");
            var roles = (StringArray)batch.Column("role");
            var timestamps = (TimestampArray)batch.Column("timestamp");
            var conversations = (StringArray)batch.Column("conversation_id");
            var sessions = (StringArray)batch.Column("session_id");
            var metadataColumn = (StringArray)batch.Column("metadata");
            var clientIds = (StringArray)batch.Column("client_id");
            var recorded = (TimestampArray)batch.Column("recorded_at");
            var vectors = (FixedSizeListArray)batch.Column("vector");
            var values = (FloatArray)vectors.Values;
            var dims = ((FixedSizeListType)vectors.Data.DataType).ListSize;
            if (dims != expectedDimensions)
            {
                throw new McpMemoryException(McpMemoryErrorCodes.Incompatible, $"Segment '{path}' holds {dims}-dimensional vectors, but this namespace uses {expectedDimensions}.");
            }

            var allValues = values.Values;
            for (var row = 0; row < batch.Length; row++)
            {
                var vector = allValues.Slice((vectors.Offset + row) * dims, dims).ToArray();
                var start = (int)starts.GetValue(row)!.Value;
                var end = (int)ends.GetValue(row)!.Value;
                if (chunks.GetValue(row) != 0 && current is not null && current.Episode.Id == ids.GetString(row))
                {
                    parts!.Add((start, end, vector));
                    continue;
                }

                parts = [(start, end, vector)];
                current = new SegmentRecord(
                    new Episode
                    {
                        Id = ids.GetString(row),
                        Text = texts.GetString(row),
                        Speaker = speakers.GetString(row),
                        Role = roles.GetString(row),
                        Timestamp = timestamps.GetTimestamp(row)!.Value,
                        ConversationId = conversations.GetString(row),
                        SessionId = sessions.GetString(row),
                        Metadata = metadataColumn.GetString(row),
                        ClientId = clientIds.GetString(row),
                        RecordedAt = recorded.GetTimestamp(row)!.Value,
                    },
                    parts);
                records.Add(current);
            }
        }

        return records;
    }

    private static async Task<int> WriteBatchAsync(ArrowFileWriter writer, Schema schema, List<(Episode Episode, int Chunk, int Start, int End, ReadOnlyMemory<float> Vector)> rows, int dimensions, CancellationToken cancellationToken)
    {
        var ids = new StringArray.Builder();
        var chunks = new Int64Array.Builder();
        var starts = new Int64Array.Builder();
        var ends = new Int64Array.Builder();
        var texts = new StringArray.Builder();
        var speakers = new StringArray.Builder();
        var roles = new StringArray.Builder();
        var timestamps = new TimestampArray.Builder(Timestamp);
        var conversations = new StringArray.Builder();
        var sessions = new StringArray.Builder();
        var metadata = new StringArray.Builder();
        var clientIds = new StringArray.Builder();
        var recorded = new TimestampArray.Builder(Timestamp);
        // The vector values are written straight into the byte buffer Arrow keeps: one copy, no temporary float array.
        var valueBytes = new byte[rows.Count * dimensions * sizeof(float)];
        var values = MemoryMarshal.Cast<byte, float>(valueBytes.AsSpan());
        for (var i = 0; i < rows.Count; i++)
        {
            var (episode, chunk, start, end, vector) = rows[i];
            ids.Append(episode.Id);
            chunks.Append(chunk);
            starts.Append(start);
            ends.Append(end);
            texts.Append(episode.Text);
            AppendNullable(speakers, episode.Speaker);
            AppendNullable(roles, episode.Role);
            timestamps.Append(episode.Timestamp);
            AppendNullable(conversations, episode.ConversationId);
            AppendNullable(sessions, episode.SessionId);
            AppendNullable(metadata, episode.Metadata);
            AppendNullable(clientIds, episode.ClientId);
            recorded.Append(episode.RecordedAt);
            vector.Span.CopyTo(values.Slice(i * dimensions, dimensions));
        }

        var floatArray = new FloatArray(new ArrowBuffer(valueBytes), ArrowBuffer.Empty, rows.Count * dimensions, 0, 0);
        var vectorArray = new FixedSizeListArray(schema.GetFieldByName("vector").DataType, rows.Count, floatArray, ArrowBuffer.Empty, 0, 0);
        IArrowArray[] columns =
        [
            ids.Build(), chunks.Build(), starts.Build(), ends.Build(), texts.Build(), speakers.Build(), roles.Build(),
            timestamps.Build(), conversations.Build(), sessions.Build(), metadata.Build(), clientIds.Build(),
            recorded.Build(), vectorArray,
        ];
        using var batch = new RecordBatch(schema, columns, rows.Count);
        await writer.WriteRecordBatchAsync(batch, cancellationToken).ConfigureAwait(false);
        var written = rows.Count;
        rows.Clear();
        return written;
    }

    private static void AppendNullable(StringArray.Builder builder, string? value)
    {
        if (value is null)
        {
            builder.AppendNull();
        }
        else
        {
            builder.Append(value);
        }
    }
}
