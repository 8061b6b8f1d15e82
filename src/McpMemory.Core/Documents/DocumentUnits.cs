using McpMemory.Core.Embeddings;

namespace McpMemory.Core.Documents;

/// <summary>
/// Reads a document's structure line by line and turns it into <see cref="ChunkUnit"/>s: headings, paragraphs and
/// list items split into sentences, code fences and tables into lines. A unit longer than the window is split into
/// words, and a word longer than the window into pieces.
/// </summary>
internal sealed class DocumentUnits
{
    private readonly string _text;
    private readonly DocumentFormat _format;
    private readonly ITokenCounter _counter;
    private readonly int _budget;
    private readonly List<ChunkUnit> _units = [];
    private readonly List<IReadOnlyList<string>> _sections = [[]];
    private readonly List<(int Level, string Title)> _headings = [];
    private readonly List<(int Start, int End)> _sentences = [];

    // The paragraph or list item being gathered: its range, the break before it, and how many lines it has.
    private int _blockStart = -1;
    private int _blockEnd;
    private int _blockLines;
    private ChunkBreak _blockBreak;
    private ChunkBreak _nextBreak = ChunkBreak.Block;

    private DocumentUnits(string text, DocumentFormat format, ITokenCounter counter, int budget)
    {
        _text = text;
        _format = format;
        _counter = counter;
        _budget = budget;
    }

    /// <summary>The units, in text order.</summary>
    public IReadOnlyList<ChunkUnit> Units => _units;

    /// <summary>The heading path of each section; section 0 is the text before the first heading.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Sections => _sections;

    public static DocumentUnits Read(string text, DocumentFormat format, ITokenCounter counter, int budget)
    {
        var reader = new DocumentUnits(text, format, counter, budget);
        reader.ReadLines();
        return reader;
    }

    private bool IsMarkdown => _format == DocumentFormat.Markdown;

    private int Section => _sections.Count - 1;

    private void ReadLines()
    {
        var fence = (Char: '\0', Length: 0);
        var position = 0;
        while (position < _text.Length)
        {
            var lineEnd = _text.IndexOf('\n', position);
            var next = lineEnd < 0 ? _text.Length : lineEnd + 1;
            var end = lineEnd < 0 ? _text.Length : lineEnd;
            var line = _text.AsSpan(position, end - position);
            var indent = Indent(line);
            var content = line.TrimStart().TrimEnd();
            if (fence.Length > 0)
            {
                if (content.Length > 0)
                {
                    AddLine(position, end, ChunkBreak.Line);
                }

                if (indent < 4 && CountRun(content, fence.Char) >= fence.Length && content.Trim(fence.Char).IsEmpty)
                {
                    fence = ('\0', 0);
                    _nextBreak = ChunkBreak.Block;
                }
            }
            else if (content.IsEmpty)
            {
                FlushBlock();
                _nextBreak = ChunkBreak.Block;
            }
            else if (IsMarkdown && indent < 4 && FenceOpening(content) is { Length: > 0 } opening)
            {
                FlushBlock();
                AddLine(position, end, ChunkBreak.Block);
                fence = opening;
            }
            else if (IsMarkdown && indent < 4 && HeadingLevel(content) is > 0 and var level)
            {
                FlushBlock();
                StartSection(level, content[level..].Trim().TrimEnd('#').Trim().ToString());
                AddLine(position, end, ChunkBreak.Section);
                _nextBreak = ChunkBreak.Block;
            }
            else if (IsMarkdown && indent < 4 && _blockStart >= 0 && _blockLines == 1 && _blockBreak != ChunkBreak.Item && SetextLevel(content) is > 0 and var underline)
            {
                // "Title" followed by "=====" or "-----": the paragraph line above is a heading.
                var title = _text.AsSpan(_blockStart, _blockEnd - _blockStart).Trim().ToString();
                var start = _blockStart;
                _blockStart = -1;
                StartSection(underline, title);
                AddLine(start, end, ChunkBreak.Section);
                _nextBreak = ChunkBreak.Block;
            }
            else if (IsMarkdown && indent < 4 && IsThematicBreak(content))
            {
                FlushBlock();
                AddLine(position, end, ChunkBreak.Block);
                _nextBreak = ChunkBreak.Block;
            }
            else if (IsMarkdown && content[0] == '|')
            {
                FlushBlock();
                AddLine(position, end, _nextBreak == ChunkBreak.Line ? ChunkBreak.Line : ChunkBreak.Block);
                _nextBreak = ChunkBreak.Line;
            }
            else if (IsListItem(content))
            {
                FlushBlock();
                StartBlock(position, end, _nextBreak == ChunkBreak.Item ? ChunkBreak.Item : ChunkBreak.Block);
                _nextBreak = ChunkBreak.Item;
            }
            else if (_blockStart >= 0)
            {
                _blockEnd = end;
                _blockLines++;
            }
            else
            {
                StartBlock(position, end, ChunkBreak.Block);
                _nextBreak = ChunkBreak.Block;
            }

            position = next;
        }

        FlushBlock();
    }

    private void StartBlock(int start, int end, ChunkBreak before)
    {
        _blockStart = start;
        _blockEnd = end;
        _blockLines = 1;
        _blockBreak = before;
    }

    // A paragraph or list item: its sentences, each whole unless it alone is longer than the window.
    private void FlushBlock()
    {
        if (_blockStart < 0)
        {
            return;
        }

        _sentences.Clear();
        SentenceSplitter.Split(_text, _blockStart, _blockEnd, _sentences);
        var before = _blockBreak;
        foreach (var (start, end) in _sentences)
        {
            AddPiece(start, end, before);
            before = ChunkBreak.Sentence;
        }

        _blockStart = -1;
    }

    private void AddLine(int start, int end, ChunkBreak before)
    {
        while (start < end && char.IsWhiteSpace(_text[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(_text[end - 1]))
        {
            end--;
        }

        if (end > start)
        {
            AddPiece(start, end, before);
        }
    }

    private void AddPiece(int start, int end, ChunkBreak before)
    {
        var tokens = _counter.CountTokens(_text.AsSpan(start, end - start));
        if (tokens <= _budget)
        {
            _units.Add(new ChunkUnit(start, end, tokens, before, Section));
            return;
        }

        // Longer than the window: word by word, and a word longer than the window in pieces.
        var position = start;
        while (position < end)
        {
            var wordEnd = position;
            while (wordEnd < end && !char.IsWhiteSpace(_text[wordEnd]))
            {
                wordEnd++;
            }

            var wordTokens = _counter.CountTokens(_text.AsSpan(position, wordEnd - position));
            if (wordTokens <= _budget)
            {
                _units.Add(new ChunkUnit(position, wordEnd, wordTokens, before, Section));
            }
            else
            {
                AddWordPieces(position, wordEnd, before);
            }

            before = ChunkBreak.Word;
            position = wordEnd;
            while (position < end && char.IsWhiteSpace(_text[position]))
            {
                position++;
            }
        }
    }

    private void AddWordPieces(int start, int end, ChunkBreak before)
    {
        while (start < end)
        {
            // The longest prefix that fits, found by halving; one character (or surrogate pair) always fits.
            int low = start + 1, high = end, best = Align(start + 1, end);
            while (low <= high)
            {
                var middle = low + ((high - low) / 2);
                var cut = Align(middle, end);
                if (_counter.CountTokens(_text.AsSpan(start, cut - start)) <= _budget)
                {
                    best = Math.Max(best, cut);
                    low = middle + 1;
                }
                else
                {
                    high = middle - 1;
                }
            }

            _units.Add(new ChunkUnit(start, best, _counter.CountTokens(_text.AsSpan(start, best - start)), before, Section));
            before = ChunkBreak.Character;
            start = best;
        }
    }

    private int Align(int position, int end) => position < end && char.IsLowSurrogate(_text[position]) ? position + 1 : position;

    private void StartSection(int level, string title)
    {
        while (_headings.Count > 0 && _headings[^1].Level >= level)
        {
            _headings.RemoveAt(_headings.Count - 1);
        }

        _headings.Add((level, title));
        _sections.Add(_headings.Select(h => h.Title).ToArray());
    }

    private static int Indent(ReadOnlySpan<char> line)
    {
        var width = 0;
        foreach (var c in line)
        {
            if (c == ' ')
            {
                width++;
            }
            else if (c == '\t')
            {
                width += 4;
            }
            else
            {
                break;
            }
        }

        return width;
    }

    private static int CountRun(ReadOnlySpan<char> text, char c)
    {
        var count = 0;
        while (count < text.Length && text[count] == c)
        {
            count++;
        }

        return count;
    }

    private static (char Char, int Length) FenceOpening(ReadOnlySpan<char> content)
    {
        foreach (var c in "`~")
        {
            var run = CountRun(content, c);
            if (run >= 3 && (c == '~' || !content[run..].Contains('`')))
            {
                return (c, run);
            }
        }

        return ('\0', 0);
    }

    private static int HeadingLevel(ReadOnlySpan<char> content)
    {
        var level = CountRun(content, '#');
        return level is >= 1 and <= 6 && (content.Length == level || content[level] is ' ' or '\t') ? level : 0;
    }

    private static int SetextLevel(ReadOnlySpan<char> content) =>
        CountRun(content, '=') == content.Length ? 1
        : CountRun(content, '-') == content.Length && content.Length >= 2 ? 2
        : 0;

    private static bool IsThematicBreak(ReadOnlySpan<char> content)
    {
        if (content.Length < 3 || content[0] is not ('-' or '*' or '_'))
        {
            return false;
        }

        var mark = content[0];
        var count = 0;
        foreach (var c in content)
        {
            if (c == mark)
            {
                count++;
            }
            else if (c is not (' ' or '\t'))
            {
                return false;
            }
        }

        return count >= 3;
    }

    private static bool IsListItem(ReadOnlySpan<char> content)
    {
        if (content.Length >= 2 && content[0] is '-' or '*' or '+' or '•' && content[1] is ' ' or '\t')
        {
            return true;
        }

        var digits = 0;
        while (digits < content.Length && digits < 9 && char.IsAsciiDigit(content[digits]))
        {
            digits++;
        }

        return digits > 0 && content.Length > digits + 1 && content[digits] is '.' or ')' && content[digits + 1] is ' ' or '\t';
    }
}
