using McpMemory.Core.Episodic;
using McpMemory.Core.Retrieval;
using McpMemory.Storage.Arrow.Diagnostics;
using McpMemory.Storage.Arrow.Files;
using Microsoft.Extensions.Logging;

namespace McpMemory.Storage.Arrow.Namespaces;

/// <summary>
/// Moving a namespace to another embedding model. The new vectors are computed beside the old ones (which keep serving
/// searches), then one commit writes them into a fresh segment, publishes a manifest naming the new model, and swaps
/// the in-memory index. A crash before the commit leaves the namespace on its old model; the reindex is run again.
/// </summary>
internal sealed partial class NamespaceStore
{
    private int _reindexing;

    /// <summary>Claims the namespace for one reindex at a time; false when one is running already.</summary>
    public bool TryBeginReindex() => Interlocked.CompareExchange(ref _reindexing, 1, 0) == 0;

    public void EndReindex() => Volatile.Write(ref _reindexing, 0);

    /// <summary>Up to <paramref name="max"/> live records from row <paramref name="cursor"/> on, oldest first; moves the cursor past them.</summary>
    public List<(int Row, Episode Episode)> LiveRowsFrom(ref int cursor, int max)
    {
        var result = new List<(int Row, Episode Episode)>(max);
        _lock.EnterReadLock();
        try
        {
            for (; cursor < _rows.Count && result.Count < max; cursor++)
            {
                if (!_rows[cursor].Deleted)
                {
                    result.Add((cursor, _rows[cursor].Episode));
                }
            }
        }
        finally
        {
            _lock.ExitReadLock();
        }

        return result;
    }

    // Live records without an entry in done.
    private List<(int Row, Episode Episode)> LiveRowsExcept(Dictionary<int, List<(int Start, int End, float[] Vector)>> done)
    {
        var result = new List<(int Row, Episode Episode)>();
        _lock.EnterReadLock();
        try
        {
            for (var row = 0; row < _rows.Count; row++)
            {
                if (!_rows[row].Deleted && !done.ContainsKey(row))
                {
                    result.Add((row, _rows[row].Episode));
                }
            }
        }
        finally
        {
            _lock.ExitReadLock();
        }

        return result;
    }

    /// <summary>
    /// Makes <paramref name="model"/> the namespace's model: records written since <paramref name="vectors"/> was
    /// filled are embedded through <paramref name="embed"/> (writes wait meanwhile, searches do not), then everything
    /// is committed in one step. Returns the number of records embedded here.
    /// </summary>
    public async Task<int> CommitReindexAsync(
        string model,
        int dimensions,
        Dictionary<int, List<(int Start, int End, float[] Vector)>> vectors,
        Func<List<(int Row, Episode Episode)>, CancellationToken, Task<List<List<(int Start, int End, float[] Vector)>>>> embed,
        CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var stragglers = LiveRowsExcept(vectors);
            if (stragglers.Count > 0)
            {
                var parts = await embed(stragglers, cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < stragglers.Count; i++)
                {
                    vectors[stragglers[i].Row] = parts[i];
                }
            }

            var live = new List<int>();
            var records = new List<SegmentRecord>();
            _lock.EnterReadLock();
            try
            {
                for (var row = 0; row < _rows.Count; row++)
                {
                    if (!_rows[row].Deleted)
                    {
                        live.Add(row);
                        records.Add(new SegmentRecord(_rows[row].Episode, vectors[row].Select(p => (p.Start, p.End, (ReadOnlyMemory<float>)p.Vector)).ToList()));
                    }
                }
            }
            finally
            {
                _lock.ExitReadLock();
            }

            TracePoints.Reach(_logger, TracePoints.ReindexCommit, Name);
            var nextWal = _walNumber + 1;
            var newWal = WriteAheadLog.Create(Path.Combine(WalDirectory, WalFileName(nextWal)));
            try
            {
                var segments = new List<SegmentEntry>();
                string? segmentName = null;
                if (records.Count > 0)
                {
                    segmentName = $"seg-{_manifest.NextSegment:D8}.arrow";
                    var rowsWritten = 0;
                    await DurableFile.PublishAsync(
                        Path.Combine(SegmentDirectory, segmentName),
                        async (stream, ct) => rowsWritten = await EpisodeSegmentFile.WriteAsync(stream, records, model, dimensions, ct).ConfigureAwait(false),
                        cancellationToken).ConfigureAwait(false);
                    segments.Add(new SegmentEntry { File = segmentName, Records = records.Count, Rows = rowsWritten });
                }

                var manifest = new NamespaceManifest
                {
                    Model = model,
                    Dimensions = dimensions,
                    WalStart = nextWal,
                    NextSegment = _manifest.NextSegment + 1,
                    Segments = segments,
                    Tombstones = [],
                };
                await PublishManifestAsync(Path.Combine(Directory, ManifestFile), manifest, cancellationToken).ConfigureAwait(false);
                var replaced = _manifest.Segments.Select(s => s.File).ToList();

                WriteAheadLog? oldWal;
                _lock.EnterWriteLock();
                try
                {
                    var index = new FlatVectorIndex(dimensions);
                    foreach (var entry in _rows)
                    {
                        entry.Segment = null;
                    }

                    foreach (var row in live)
                    {
                        var entry = _rows[row];
                        var parts = vectors[row];
                        var ranges = new (int Start, int End)[parts.Count];
                        for (var i = 0; i < parts.Count; i++)
                        {
                            var slot = index.Add(row, parts[i].Vector, additionalPart: i > 0);
                            if (i == 0)
                            {
                                entry.FirstSlot = slot;
                            }

                            ranges[i] = (parts[i].Start, parts[i].End);
                        }

                        entry.Parts = ranges;
                        entry.Segment = segmentName;
                        entry.EmbeddingSetAside = false;
                    }

                    _vectors = index;
                    _pending.Clear();
                    _inFlightMin = int.MaxValue;
                    _inFlightCount = 0;
                    _setAside = 0;
                    _unflushed = 0;
                    _purgeDue = 0;
                    oldWal = _wal;
                    _wal = newWal;
                    _walNumber = nextWal;
                    _manifest = manifest;
                }
                finally
                {
                    _lock.ExitWriteLock();
                }

                oldWal?.Dispose();
                RemoveReplacedFiles(nextWal, replaced);
                LogReindexed(_logger, Name, model, records.Count);
                return stragglers.Count;
            }
            catch
            {
                DiscardUnusedLog(newWal);
                throw;
            }
        }
        finally
        {
            _writeGate.Release();
            CompleteEmbeddingWaiters();
        }
    }

    private void RemoveReplacedFiles(long walStart, List<string> segments)
    {
        try
        {
            foreach (var path in System.IO.Directory.GetFiles(WalDirectory, "*.wal"))
            {
                if (TryParseWalNumber(path, out var number) && number < walStart)
                {
                    DurableFile.TryDelete(path);
                }
            }

            foreach (var file in segments)
            {
                DurableFile.TryDelete(Path.Combine(SegmentDirectory, file));
            }

            DurableFile.SyncDirectory(WalDirectory);
            DurableFile.SyncDirectory(SegmentDirectory);
        }
        catch (IOException ex)
        {
            LogCleanupFailed(_logger, Name, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Namespace {Namespace} now uses the embedding model {Model}: {Records} records re-embedded")]
    private static partial void LogReindexed(ILogger logger, string @namespace, string model, int records);
}
