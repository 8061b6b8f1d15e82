using McpMemory.Core;
using McpMemory.Core.Episodic;
using McpMemory.Storage.Arrow.Diagnostics;
using McpMemory.Storage.Arrow.Files;
using Microsoft.Extensions.Logging;

namespace McpMemory.Storage.Arrow.Namespaces;

/// <summary>Writes: add, delete, embeddings and checkpoints.</summary>
internal sealed partial class NamespaceStore
{
    /// <summary>True while records wait for embeddings.</summary>
    public bool HasPending
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _pending.Count > 0;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    public async Task<IReadOnlyList<AddOutcome>> AddAsync(IReadOnlyList<Episode> episodes, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var outcomes = new AddOutcome[episodes.Count];
            var fresh = new List<Episode>(episodes.Count);
            var batchIds = new Dictionary<string, string>(StringComparer.Ordinal);
            var freshIds = new HashSet<string>(StringComparer.Ordinal); // the same id twice in one batch is stored once
            _lock.EnterReadLock();
            try
            {
                for (var i = 0; i < episodes.Count; i++)
                {
                    var episode = episodes[i];
                    if (_byId.ContainsKey(episode.Id) || !freshIds.Add(episode.Id))
                    {
                        outcomes[i] = new AddOutcome(episode.Id, Created: false);
                    }
                    else if (episode.ClientId is not null && _byClientId.TryGetValue(episode.ClientId, out var existing))
                    {
                        outcomes[i] = new AddOutcome(_rows[existing].Episode.Id, Created: false);
                    }
                    else if (episode.ClientId is not null && batchIds.TryGetValue(episode.ClientId, out var earlier))
                    {
                        outcomes[i] = new AddOutcome(earlier, Created: false);
                    }
                    else
                    {
                        if (episode.ClientId is not null)
                        {
                            batchIds[episode.ClientId] = episode.Id;
                        }

                        outcomes[i] = new AddOutcome(episode.Id, Created: true);
                        fresh.Add(episode);
                    }
                }
            }
            finally
            {
                _lock.ExitReadLock();
            }

            progress?.Report(episodes.Count / 3);
            if (fresh.Count > 0)
            {
                AppendToLog(new WalEntry { Op = WalEntry.AddOp, Episodes = fresh }, durable: true);
                progress?.Report(episodes.Count * 2 / 3);
                _lock.EnterWriteLock();
                try
                {
                    foreach (var episode in fresh)
                    {
                        _pending.Enqueue(AppendRow(episode, segment: null, _walNumber));
                    }
                }
                finally
                {
                    _lock.ExitWriteLock();
                }

                Interlocked.Exchange(ref _lastWriteTicks, _time.GetTimestamp());
            }

            progress?.Report(episodes.Count);
            return outcomes;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public async Task<IReadOnlyList<string>> DeleteAsync(EpisodeDeletion deletion, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var rows = new List<int>();
            _lock.EnterReadLock();
            try
            {
                foreach (var id in deletion.Ids)
                {
                    if (_byId.TryGetValue(id, out var row))
                    {
                        rows.Add(row);
                    }
                }

                if (deletion.ConversationId is not null && _byConversation.TryGetValue(deletion.ConversationId, out var conversation))
                {
                    rows.AddRange(conversation.Where(row => !_rows[row].Deleted));
                }
            }
            finally
            {
                _lock.ExitReadLock();
            }

            rows = rows.Distinct().ToList();
            if (rows.Count == 0)
            {
                return [];
            }

            var ids = rows.Select(row => _rows[row].Episode.Id).ToList();
            AppendToLog(new WalEntry { Op = WalEntry.DeleteOp, Ids = ids }, durable: true);
            _lock.EnterWriteLock();
            try
            {
                foreach (var row in rows)
                {
                    MarkDeleted(row);
                }
            }
            finally
            {
                _lock.ExitWriteLock();
            }

            Interlocked.Exchange(ref _lastWriteTicks, _time.GetTimestamp());
            return ids;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Takes the next records to embed, oldest first. Deleted ones are dropped.</summary>
    public List<(int Row, Episode Episode)> TakePendingBatch(int max)
    {
        var batch = new List<(int Row, Episode Episode)>(max);
        _lock.EnterWriteLock();
        try
        {
            while (batch.Count < max && _pending.TryDequeue(out var row))
            {
                if (!_rows[row].Deleted && !_rows[row].Embedded)
                {
                    batch.Add((row, _rows[row].Episode));
                }
            }

            if (batch.Count > 0)
            {
                _inFlightMin = batch[0].Row;
                _inFlightCount = batch.Count;
            }
            else
            {
                _inFlightMin = int.MaxValue;
                _inFlightCount = 0;
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }

        CompleteEmbeddingWaiters();
        return batch;
    }

    /// <summary>
    /// The turns just before <paramref name="row"/> in its conversation (up to <paramref name="count"/>, oldest first),
    /// for embedding a turn with its context.
    /// </summary>
    public List<Episode> PrecedingTurns(int row, int count)
    {
        var result = new List<Episode>(count);
        if (count <= 0)
        {
            return result;
        }

        _lock.EnterReadLock();
        try
        {
            var entry = _rows[row];
            if (entry.Episode.ConversationId is null || !_byConversation.TryGetValue(entry.Episode.ConversationId, out var list))
            {
                return result;
            }

            var position = EpisodePosition.Of(entry.Episode);
            for (var i = entry.ConversationIndex - 1; i >= 0 && result.Count < count; i--)
            {
                var candidate = _rows[list[i]];
                if (!candidate.Deleted && EpisodePosition.Of(candidate.Episode) < position)
                {
                    result.Add(candidate.Episode);
                }
            }

            result.Reverse();
            return result;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>Puts a batch back after its embedding failed, so that it is tried again.</summary>
    public void ReturnPendingBatch(List<(int Row, Episode Episode)> batch)
    {
        _lock.EnterWriteLock();
        try
        {
            var rows = batch.Select(b => b.Row).Concat(_pending).Distinct().Order().ToList();
            _pending.Clear();
            foreach (var row in rows)
            {
                _pending.Enqueue(row);
            }

            _inFlightMin = int.MaxValue;
            _inFlightCount = 0;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>
    /// Gives up embedding a batch for now: its records stay stored and keyword-searchable, no longer hold back
    /// searches that wait for embeddings, and are tried again after a restart (their log file is kept).
    /// </summary>
    public void SetAsideBatch(List<(int Row, Episode Episode)> batch)
    {
        _lock.EnterWriteLock();
        try
        {
            foreach (var (row, _) in batch)
            {
                _rows[row].EmbeddingSetAside = true;
                _setAside++;
            }

            _inFlightMin = int.MaxValue;
            _inFlightCount = 0;
        }
        finally
        {
            _lock.ExitWriteLock();
        }

        CompleteEmbeddingWaiters();
    }

    /// <summary>Logs and applies the vectors of a batch from <see cref="TakePendingBatch"/>.</summary>
    /// <remarks>Vectors of another <paramref name="model"/> than the namespace's (a reindex finished meanwhile) are dropped.</remarks>
    public async Task ApplyEmbeddingsAsync(List<(int Row, Episode Episode)> batch, List<List<(int Start, int End, float[] Vector)>> parts, string model, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!string.Equals(model, Model, StringComparison.Ordinal))
            {
                return;
            }

            var records = new List<EmbeddedRecord>(batch.Count);
            for (var i = 0; i < batch.Count; i++)
            {
                records.Add(new EmbeddedRecord
                {
                    Id = batch[i].Episode.Id,
                    Parts = parts[i].Select(p => new VectorPart { Start = p.Start, End = p.End, Vector = VectorCodec.Encode(p.Vector) }).ToList(),
                });
            }

            // Not fsynced: a lost embedding is recomputed after a crash; the next durable write syncs it anyway.
            AppendToLog(new WalEntry { Op = WalEntry.EmbedOp, Embeddings = records }, durable: false);
            _lock.EnterWriteLock();
            try
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    var row = batch[i].Row;
                    if (!_rows[row].Deleted && !_rows[row].Embedded)
                    {
                        AttachVectors(row, parts[i].Select(x => (x.Start, x.End, (ReadOnlyMemory<float>)x.Vector)).ToList(), countUnflushed: true);
                    }
                }

                _inFlightMin = int.MaxValue;
                _inFlightCount = 0;
            }
            finally
            {
                _lock.ExitWriteLock();
            }

            // Embedding is activity too: the idle checkpoint waits until it has settled, instead of writing a tiny
            // segment after every micro-batch.
            Interlocked.Exchange(ref _lastWriteTicks, _time.GetTimestamp());
        }
        finally
        {
            _writeGate.Release();
        }

        CompleteEmbeddingWaiters();
    }

    /// <summary>
    /// True when unflushed records should now be written into a segment, or when deleted records still have text on
    /// disk and the namespace has been idle long enough to purge them.
    /// </summary>
    public bool ShouldCheckpoint()
    {
        var unflushed = Volatile.Read(ref _unflushed);
        var purge = Volatile.Read(ref _purgeDue);
        if (unflushed <= 0 && purge <= 0)
        {
            return false;
        }

        return unflushed >= _options.CheckpointRecords ||
            _time.GetElapsedTime(Interlocked.Read(ref _lastWriteTicks)) >= _options.IdleCheckpoint;
    }

    /// <summary>
    /// Writes embedded records that live only in the log into a new segment (merging the old segments when there are
    /// many), starts a fresh log file, publishes the manifest, and drops the files it replaced. Log files that still
    /// hold records waiting for embeddings are kept (the manifest's WalStart points at the oldest). A crash at any step
    /// leaves either the old or the new state.
    /// </summary>
    /// <remarks>
    /// When records were deleted since the last purge, the checkpoint is a compaction: every segment that holds a
    /// deleted record is rewritten without it, and records still waiting for embeddings are copied into the fresh log,
    /// so that every older log file can go. After it, no file of the namespace holds a deleted record's text. Readers
    /// never wait for it: they work on memory, which changes only in one short step after the manifest is published.
    /// </remarks>
    public async Task CheckpointAsync(CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var purgeDue = Volatile.Read(ref _purgeDue);
            var purge = purgeDue > 0;

            // Tiered merging: when segments pile up, every segment but the largest is merged into the new one, so the
            // bulk of the data is rewritten only when the merged rest has outgrown it. A purge also rewrites every
            // segment that holds a deleted record.
            var merge = _manifest.Segments.Count + 1 >= _options.MergeSegmentsAt;
            var merging = merge
                ? _manifest.Segments.OrderByDescending(s => s.Records).Skip(1).Select(s => s.File).ToHashSet(StringComparer.Ordinal)
                : new HashSet<string>(StringComparer.Ordinal);
            var records = new List<SegmentRecord>();
            var written = new List<int>();
            var relogged = new List<int>();
            var oldestWaiting = long.MaxValue;
            _lock.EnterReadLock();
            try
            {
                if (purge)
                {
                    foreach (var entry in _rows)
                    {
                        if (entry.Deleted && entry.Segment is not null)
                        {
                            merging.Add(entry.Segment);
                        }
                    }
                }

                for (var row = 0; row < _rows.Count; row++)
                {
                    var entry = _rows[row];
                    if (entry.Deleted)
                    {
                        continue;
                    }

                    if (entry.Embedded && (entry.Segment is null || merging.Contains(entry.Segment)))
                    {
                        records.Add(new SegmentRecord(entry.Episode, ReadParts(entry)));
                        written.Add(row);
                    }
                    else if (!entry.Embedded)
                    {
                        oldestWaiting = Math.Min(oldestWaiting, entry.WalFile);
                        if (purge)
                        {
                            relogged.Add(row);
                        }
                    }
                }
            }
            finally
            {
                _lock.ExitReadLock();
            }

            if (!purge && (records.Count == 0 || (!merge && written.Count == 0)))
            {
                return;
            }

            LogCheckpointBegin(_logger, Name, records.Count, merge, purge);
            var nextWal = _walNumber + 1;
            var newWal = WriteAheadLog.Create(Path.Combine(WalDirectory, WalFileName(nextWal)));
            try
            {
                var kept = _manifest.Segments.Where(s => !merging.Contains(s.File)).ToList();
                var replaced = _manifest.Segments.Where(s => merging.Contains(s.File)).Select(s => s.File).ToList();
                string? segmentName = null;
                if (records.Count > 0)
                {
                    segmentName = $"seg-{_manifest.NextSegment:D8}.arrow";
                    var rowsWritten = 0;
                    await DurableFile.PublishAsync(
                        Path.Combine(SegmentDirectory, segmentName),
                        async (stream, ct) =>
                        {
                            rowsWritten = await EpisodeSegmentFile.WriteAsync(stream, records, Model, Dimensions, ct).ConfigureAwait(false);
                            await stream.FlushAsync(ct).ConfigureAwait(false);
                            TracePoints.Reach(_logger, TracePoints.SegmentWrite, Name);
                        },
                        cancellationToken).ConfigureAwait(false);
                    LogSegmentWritten(_logger, Name, segmentName, rowsWritten);
                    kept.Add(new SegmentEntry { File = segmentName, Records = records.Count, Rows = rowsWritten });
                }

                if (relogged.Count > 0)
                {
                    // Records still waiting for embeddings move to the fresh log, so the old log files (which may hold
                    // deleted text) can all go.
                    List<Episode> episodes;
                    _lock.EnterReadLock();
                    try
                    {
                        episodes = relogged.Select(row => _rows[row].Episode).ToList();
                    }
                    finally
                    {
                        _lock.ExitReadLock();
                    }

                    newWal.Append(new WalEntry { Op = WalEntry.AddOp, Episodes = episodes }, durable: true);
                }

                if (merge || purge)
                {
                    TracePoints.Reach(_logger, TracePoints.CompactionCommit, Name);
                }

                var keptNames = kept.Select(s => s.File).ToHashSet(StringComparer.Ordinal);
                List<string> tombstones;
                _lock.EnterReadLock();
                try
                {
                    tombstones = _rows.Where(r => r.Deleted && r.Segment is not null && keptNames.Contains(r.Segment)).Select(r => r.Episode.Id).ToList();
                }
                finally
                {
                    _lock.ExitReadLock();
                }

                var manifest = new NamespaceManifest
                {
                    Model = Model,
                    Dimensions = Dimensions,
                    WalStart = purge ? nextWal : Math.Min(nextWal, oldestWaiting),
                    NextSegment = _manifest.NextSegment + (segmentName is null ? 0 : 1),
                    Segments = kept,
                    Tombstones = tombstones,
                };
                await PublishManifestAsync(Path.Combine(Directory, ManifestFile), manifest, cancellationToken).ConfigureAwait(false);
                LogManifestPublished(_logger, Name, kept.Count, manifest.WalStart);

                // Committed: switch to the new state first, then clean up; a failing clean-up only leaves garbage
                // that the next open removes.
                WriteAheadLog? oldWal;
                _lock.EnterWriteLock();
                try
                {
                    oldWal = _wal;
                    _wal = newWal;
                    _walNumber = nextWal;
                    _manifest = manifest;
                    foreach (var row in written)
                    {
                        if (_rows[row].Segment is null && !_rows[row].Deleted)
                        {
                            _unflushed--;
                        }

                        _rows[row].Segment = segmentName;
                    }

                    foreach (var row in relogged)
                    {
                        _rows[row].WalFile = nextWal;
                    }

                    foreach (var entry in _rows)
                    {
                        if (entry.Deleted && entry.Segment is not null && !keptNames.Contains(entry.Segment))
                        {
                            entry.Segment = null;
                        }
                    }
                }
                finally
                {
                    _lock.ExitWriteLock();
                }

                if (purge)
                {
                    Interlocked.Add(ref _purgeDue, -purgeDue);
                }

                oldWal?.Dispose();
                TracePoints.Reach(_logger, TracePoints.CheckpointCleanup, Name);
                RemoveReplacedFiles(manifest.WalStart, replaced);

                if (purge)
                {
                    LogPurged(_logger, Name, replaced.Count, purgeDue);
                }
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
        }
    }

    // A fresh log file that a failed checkpoint or reindex never switched to: it holds nothing anyone needs.
    private void DiscardUnusedLog(WriteAheadLog newWal)
    {
        if (!ReferenceEquals(_wal, newWal))
        {
            newWal.Dispose();
            DurableFile.TryDelete(newWal.Path);
        }
    }

    // The parts of a record with its vectors in place (no copy): slots never move, and the caller holds the write gate.
    private List<(int Start, int End, ReadOnlyMemory<float> Vector)> ReadParts(Row entry)
    {
        var parts = new List<(int Start, int End, ReadOnlyMemory<float> Vector)>(entry.Parts!.Length);
        for (var i = 0; i < entry.Parts.Length; i++)
        {
            parts.Add((entry.Parts[i].Start, entry.Parts[i].End, _vectors.GetMemory(entry.FirstSlot + i)));
        }

        return parts;
    }

    private void AppendToLog(WalEntry entry, bool durable)
    {
        try
        {
            var torn = entry.Op switch
            {
                WalEntry.AddOp => TracePoints.AddTorn,
                WalEntry.EmbedOp => TracePoints.EmbedTorn,
                _ => null,
            };
            // Halving the write is only for the crash tests' trace point; a plain append is one write.
            var halfWritten = torn is not null && TracePoints.IsWatched(_logger, torn) ? () => TracePoints.Reach(_logger, torn, Name) : (Action?)null;
            _wal!.Append(entry, durable, halfWritten);
            LogWalAppend(_logger, Name, entry.Op, durable);
        }
        catch (IOException ex)
        {
            throw new McpMemoryException(
                McpMemoryErrorCodes.StorageFailure,
                $"The write to namespace '{Name}' could not be made durable ({ex.Message}); nothing of it was stored. Free disk space or fix permissions in '{Directory}', then retry.",
                ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new McpMemoryException(
                McpMemoryErrorCodes.StorageFailure,
                $"The write to namespace '{Name}' was refused by the file system ({ex.Message}); nothing of it was stored. Fix the permissions of '{Directory}', then retry.",
                ex);
        }
    }

    private void CompleteEmbeddingWaiters()
    {
        int floor;
        _lock.EnterReadLock();
        try
        {
            floor = MinUnembedded();
        }
        finally
        {
            _lock.ExitReadLock();
        }

        lock (_embeddingWaiters)
        {
            for (var i = _embeddingWaiters.Count - 1; i >= 0; i--)
            {
                if (_embeddingWaiters[i].Target < floor)
                {
                    _embeddingWaiters[i].Done.TrySetResult();
                    _embeddingWaiters.RemoveAt(i);
                }
            }
        }
    }

    // The oldest row not yet embedded (rows are embedded in order), or int.MaxValue. Caller holds a lock.
    private int MinUnembedded()
    {
        var min = _inFlightCount > 0 ? _inFlightMin : int.MaxValue;
        foreach (var row in _pending)
        {
            if (!_rows[row].Deleted && !_rows[row].Embedded)
            {
                return Math.Min(min, row);
            }
        }

        return min;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Removing replaced files of namespace {Namespace} failed; the next start removes them")]
    private static partial void LogCleanupFailed(ILogger logger, string @namespace, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "trace wal.append namespace={Namespace} op={Op} durable={Durable}")]
    private static partial void LogWalAppend(ILogger logger, string @namespace, string op, bool durable);

    [LoggerMessage(Level = LogLevel.Debug, Message = "trace checkpoint.begin namespace={Namespace} records={Records} merge={Merge} purge={Purge}")]
    private static partial void LogCheckpointBegin(ILogger logger, string @namespace, int records, bool merge, bool purge);

    [LoggerMessage(Level = LogLevel.Information, Message = "Compacted namespace {Namespace}: rewrote {Segments} segments so that {Deleted} deleted records are gone from disk")]
    private static partial void LogPurged(ILogger logger, string @namespace, int segments, int deleted);

    [LoggerMessage(Level = LogLevel.Debug, Message = "trace segment.written namespace={Namespace} file={File} rows={Rows}")]
    private static partial void LogSegmentWritten(ILogger logger, string @namespace, string file, int rows);

    [LoggerMessage(Level = LogLevel.Debug, Message = "trace manifest.published namespace={Namespace} segments={Segments} wal_start={WalStart}")]
    private static partial void LogManifestPublished(ILogger logger, string @namespace, int segments, long walStart);
}
