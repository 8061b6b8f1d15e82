using System.Globalization;
using System.Text.Json;
using McpMemory.Core;
using McpMemory.Core.Episodic;
using McpMemory.Core.Retrieval;
using McpMemory.Storage.Arrow.Diagnostics;
using McpMemory.Storage.Arrow.Files;
using Microsoft.Extensions.Logging;

namespace McpMemory.Storage.Arrow.Namespaces;

/// <summary>
/// One namespace of the embedded store: its files (manifest, write-ahead log, Arrow segments) and its in-memory
/// indexes (rows, BM25, vectors). Writes are serialised by <see cref="_writeGate"/> (file order) and applied to memory
/// under the write side of <see cref="_lock"/>; reads take its read side, so they never wait on disk.
/// </summary>
internal sealed partial class NamespaceStore : IDisposable
{
    private const string ManifestFile = "manifest.json";
    private const string WalFolder = "wal";
    private const string SegmentFolder = "segments";

    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly object _timeOrderSync = new();
    private readonly List<Row> _rows = [];
    private readonly Dictionary<string, int> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _byClientId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> _byConversation = new(StringComparer.Ordinal);
    private readonly Queue<int> _pending = new();
    private readonly List<(int Target, TaskCompletionSource Done)> _embeddingWaiters = [];
    private readonly Bm25Index _keywords = new(KeywordAnalyzer.Standard);
    private FlatVectorIndex _vectors;
    private readonly ArrowStoreOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private List<int> _timeOrder = [];

    // Deleted flags in one dense array, so that scoring loops skip deleted rows without touching row objects.
    private bool[] _deletedRows = new bool[1024];
    private int _deletedCount;
    private int _purgeDue;
    private int _setAside;
    private bool _timeOrderDirty;
    private int _inFlightMin = int.MaxValue;
    private int _inFlightCount;
    private int _liveCount;
    private int _unflushed;
    private long _lastWriteTicks;
    private NamespaceManifest _manifest;
    private WriteAheadLog? _wal;
    private long _walNumber;

    private NamespaceStore(string name, string directory, NamespaceManifest manifest, ArrowStoreOptions options, ILogger logger, TimeProvider time)
    {
        Name = name;
        Directory = directory;
        _manifest = manifest;
        _options = options;
        _logger = logger;
        _time = time;
        _vectors = new FlatVectorIndex(manifest.Dimensions);
    }

    public string Name { get; }

    public string Directory { get; }

    public string Model => _manifest.Model;

    public int Dimensions => _manifest.Dimensions;

    private string WalDirectory => Path.Combine(Directory, WalFolder);

    private string SegmentDirectory => Path.Combine(Directory, SegmentFolder);

    /// <summary>Opens (recovering after a crash) or creates the namespace in <paramref name="directory"/>.</summary>
    public static async Task<NamespaceStore> OpenAsync(string name, string directory, string model, int dimensions, ArrowStoreOptions options, ILogger logger, TimeProvider time, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(Path.Combine(directory, WalFolder));
        System.IO.Directory.CreateDirectory(Path.Combine(directory, SegmentFolder));
        var manifestPath = Path.Combine(directory, ManifestFile);
        NamespaceManifest manifest;
        if (File.Exists(manifestPath))
        {
            // The namespace keeps the model it was embedded with (until a reindex moves it); the given one is for new namespaces.
            manifest = await ReadManifestAsync(manifestPath, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            manifest = new NamespaceManifest { Model = model, Dimensions = dimensions };
            TracePoints.Reach(logger, TracePoints.NamespaceCreate, name);
            await PublishManifestAsync(manifestPath, manifest, cancellationToken).ConfigureAwait(false);
            DurableFile.SyncDirectory(Path.GetDirectoryName(Path.GetFullPath(directory))!);
        }

        var store = new NamespaceStore(name, directory, manifest, options, logger, time);
        await store.RecoverAsync(cancellationToken).ConfigureAwait(false);
        return store;
    }

    /// <summary>Reads only the manifest's model, for callers that must not open the namespace.</summary>
    public static async Task<(string Model, int Dimensions)?> PeekModelAsync(string directory, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, ManifestFile);
        if (!File.Exists(path))
        {
            return null;
        }

        var manifest = await ReadManifestAsync(path, cancellationToken).ConfigureAwait(false);
        return (manifest.Model, manifest.Dimensions);
    }

    public void Dispose()
    {
        _wal?.Dispose();
        _lock.Dispose();
        _writeGate.Dispose();
        lock (_embeddingWaiters)
        {
            foreach (var (_, done) in _embeddingWaiters)
            {
                done.TrySetCanceled();
            }
        }
    }

    private static async Task<NamespaceManifest> ReadManifestAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = File.OpenRead(path);
            var manifest = await JsonSerializer.DeserializeAsync(stream, StoreJsonContext.Default.NamespaceManifest, cancellationToken).ConfigureAwait(false)
                ?? throw new JsonException("empty manifest");
            if (manifest.FormatVersion > StoreFormat.CurrentVersion)
            {
                throw new McpMemoryException(McpMemoryErrorCodes.Incompatible, $"'{path}' was written by a newer mcp-memory (format {manifest.FormatVersion}). Upgrade mcp-memory; the data was left untouched.");
            }

            return manifest;
        }
        catch (JsonException ex)
        {
            throw new McpMemoryException(McpMemoryErrorCodes.Incompatible, $"The manifest '{path}' is unreadable ({ex.Message}). Restore it from a backup; the data was left untouched.", ex);
        }
    }

    private static Task PublishManifestAsync(string path, NamespaceManifest manifest, CancellationToken cancellationToken) =>
        DurableFile.PublishAsync(path, JsonSerializer.SerializeToUtf8Bytes(manifest, StoreJsonContext.Default.NamespaceManifest), cancellationToken);

    private static string WalFileName(long number) => number.ToString("D8", CultureInfo.InvariantCulture) + ".wal";

    private static bool TryParseWalNumber(string path, out long number) =>
        long.TryParse(Path.GetFileNameWithoutExtension(path), NumberStyles.None, CultureInfo.InvariantCulture, out number);

    private async Task RecoverAsync(CancellationToken cancellationToken)
    {
        RemoveGarbage();
        var tombstones = new HashSet<string>(_manifest.Tombstones, StringComparer.Ordinal);
        foreach (var segment in _manifest.Segments)
        {
            var records = await EpisodeSegmentFile.ReadAsync(Path.Combine(SegmentDirectory, segment.File), Model, Dimensions, cancellationToken).ConfigureAwait(false);
            foreach (var record in records)
            {
                if (_byId.ContainsKey(record.Episode.Id))
                {
                    continue; // the same record in two segments (a merge interrupted at the wrong moment): keep one
                }

                var row = AppendRow(record.Episode, segment.File);
                if (tombstones.Contains(record.Episode.Id))
                {
                    MarkDeleted(row);
                }
                else
                {
                    AttachVectors(row, record.Parts, countUnflushed: false);
                }
            }
        }

        var walFiles = System.IO.Directory.GetFiles(WalDirectory, "*.wal")
            .Select(path => (Path: path, Ok: TryParseWalNumber(path, out var number), Number: number))
            .Where(file => file.Ok && file.Number >= _manifest.WalStart)
            .OrderBy(file => file.Number)
            .ToList();
        long lastValidLength = 0;
        foreach (var (path, _, number) in walFiles)
        {
            var entries = WriteAheadLog.ReadAll(path, out lastValidLength, out var damaged);
            foreach (var entry in entries)
            {
                Replay(entry, number);
            }

            if (damaged)
            {
                // Not a torn last write: keep a copy of the whole file for inspection before the log is cut back.
                var copy = Path.Combine(Directory, Path.GetFileName(path) + ".damaged-" + _time.GetUtcNow().ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture));
                File.Copy(path, copy, overwrite: true);
                LogDamagedLog(_logger, Name, path, lastValidLength, copy);
            }

            _walNumber = number;
        }

        foreach (var row in Enumerable.Range(0, _rows.Count))
        {
            if (!_rows[row].Deleted && !_rows[row].Embedded)
            {
                _pending.Enqueue(row);
            }
        }

        if (walFiles.Count == 0 || lastValidLength == 0)
        {
            if (walFiles.Count > 0)
            {
                DurableFile.TryDelete(walFiles[^1].Path);
            }

            _walNumber = Math.Max(_walNumber, _manifest.WalStart);
            _wal = WriteAheadLog.Create(Path.Combine(WalDirectory, WalFileName(_walNumber)));
        }
        else
        {
            _wal = WriteAheadLog.OpenForAppend(walFiles[^1].Path, lastValidLength);
        }

        LogOpened(_logger, Name, _liveCount, _pending.Count, _manifest.Segments.Count);
    }

    private void RemoveGarbage()
    {
        var live = new HashSet<string>(_manifest.Segments.Select(s => s.File), StringComparer.Ordinal);
        foreach (var path in System.IO.Directory.GetFiles(SegmentDirectory))
        {
            if (!live.Contains(Path.GetFileName(path)))
            {
                DurableFile.TryDelete(path);
            }
        }

        foreach (var path in System.IO.Directory.GetFiles(WalDirectory))
        {
            if (!TryParseWalNumber(path, out var number) || number < _manifest.WalStart || path.EndsWith(DurableFile.TempSuffix, StringComparison.Ordinal))
            {
                DurableFile.TryDelete(path);
            }
        }

        foreach (var path in System.IO.Directory.GetFiles(Directory, "*" + DurableFile.TempSuffix))
        {
            DurableFile.TryDelete(path);
        }
    }

    private void Replay(WalEntry entry, long walFile)
    {
        switch (entry.Op)
        {
            case WalEntry.AddOp:
                foreach (var episode in entry.Episodes ?? [])
                {
                    if (!_byId.ContainsKey(episode.Id))
                    {
                        AppendRow(episode, segment: null, walFile);
                    }
                }

                break;
            case WalEntry.EmbedOp:
                foreach (var embedded in entry.Embeddings ?? [])
                {
                    if (_byId.TryGetValue(embedded.Id, out var row) && !_rows[row].Embedded && !_rows[row].Deleted)
                    {
                        AttachVectors(row, embedded.Parts.Select(p => (p.Start, p.End, (ReadOnlyMemory<float>)VectorCodec.Decode(p.Vector))).ToList(), countUnflushed: true);
                    }
                }

                break;
            case WalEntry.DeleteOp:
                foreach (var id in entry.Ids ?? [])
                {
                    if (_byId.TryGetValue(id, out var row))
                    {
                        MarkDeleted(row);
                    }
                }

                break;
            default:
                throw new McpMemoryException(McpMemoryErrorCodes.Incompatible, $"The write-ahead log of namespace '{Name}' holds an unknown operation '{entry.Op}'. Was it written by a newer mcp-memory?");
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The write-ahead log {Path} of namespace {Namespace} is damaged after byte {Offset}; records from there on are lost. A copy of the file was kept at {Copy}")]
    private static partial void LogDamagedLog(ILogger logger, string @namespace, string path, long offset, string copy);

    [LoggerMessage(Level = LogLevel.Information, Message = "Opened namespace {Namespace}: {Records} records, {Pending} waiting for embeddings, {Segments} segments")]
    private static partial void LogOpened(ILogger logger, string @namespace, int records, int pending, int segments);
}
