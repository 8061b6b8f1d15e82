using McpMemory.Core.Episodic;

namespace McpMemory.Storage.Arrow.Namespaces;

/// <summary>In-memory rows and the indexes over them. Callers hold the write lock (or are recovering alone).</summary>
internal sealed partial class NamespaceStore
{
    private int AppendRow(Episode episode, string? segment, long walFile = 0)
    {
        var row = _rows.Count;
        _rows.Add(new Row(episode) { Segment = segment, WalFile = walFile });
        if (row >= _deletedRows.Length)
        {
            Array.Resize(ref _deletedRows, _deletedRows.Length * 2);
        }

        _byId[episode.Id] = row;
        if (episode.ClientId is not null)
        {
            _byClientId[episode.ClientId] = row;
        }

        if (episode.ConversationId is not null)
        {
            if (!_byConversation.TryGetValue(episode.ConversationId, out var list))
            {
                list = [];
                _byConversation[episode.ConversationId] = list;
            }

            _rows[row].ConversationIndex = list.Count;
            list.Add(row);
        }

        _keywords.Add(row, KeywordText(episode));
        lock (_timeOrderSync)
        {
            if (!_timeOrderDirty && (_timeOrder.Count == 0 || EpisodePosition.Of(_rows[_timeOrder[^1]].Episode) < EpisodePosition.Of(episode)))
            {
                _timeOrder.Add(row);
            }
            else
            {
                _timeOrderDirty = true;
            }
        }

        _liveCount++;
        return row;
    }

    private void MarkDeleted(int row)
    {
        var entry = _rows[row];
        if (entry.Deleted)
        {
            return;
        }

        entry.Deleted = true;
        if (entry.EmbeddingSetAside)
        {
            _setAside--;
        }

        _deletedRows[row] = true;
        _deletedCount++;
        _purgeDue++; // its text is still in a segment or a log file until the next compaction
        _byId.Remove(entry.Episode.Id);
        if (entry.Episode.ClientId is not null && _byClientId.TryGetValue(entry.Episode.ClientId, out var owner) && owner == row)
        {
            _byClientId.Remove(entry.Episode.ClientId);
        }

        _keywords.Remove(row, KeywordText(entry.Episode));
        if (entry.Embedded && entry.Segment is null)
        {
            _unflushed--;
        }

        _liveCount--;
    }

    private void AttachVectors(int row, IReadOnlyList<(int Start, int End, ReadOnlyMemory<float> Vector)> parts, bool countUnflushed)
    {
        var entry = _rows[row];
        var ranges = new (int Start, int End)[parts.Count];
        for (var i = 0; i < parts.Count; i++)
        {
            var slot = _vectors.Add(row, parts[i].Vector.Span, additionalPart: i > 0);
            if (i == 0)
            {
                entry.FirstSlot = slot;
            }

            ranges[i] = (parts[i].Start, parts[i].End);
        }

        entry.Parts = ranges;
        if (countUnflushed && entry.Segment is null)
        {
            _unflushed++;
        }
    }

    /// <summary>The text BM25 indexes: the words and the speaker's name, so "what did Anna say" finds Anna's turns.</summary>
    private string KeywordText(Episode episode) =>
        _options.IndexSpeakerInKeywords && episode.Speaker is not null ? episode.Speaker + " " + episode.Text : episode.Text;

    private sealed class Row(Episode episode)
    {
        public Episode Episode { get; } = episode;

        public int FirstSlot { get; set; } = -1;

        public (int Start, int End)[]? Parts { get; set; }

        public bool Embedded => Parts is not null;

        public bool Deleted { get; set; }

        public string? Segment { get; set; }

        public int ConversationIndex { get; set; } = -1;

        /// <summary>The model failed on this record; it is not retried until a restart.</summary>
        public bool EmbeddingSetAside { get; set; }

        /// <summary>The log file that holds the record's add, while it is in no segment.</summary>
        public long WalFile { get; set; }
    }
}
