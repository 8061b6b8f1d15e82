using McpMemory.Core.Embeddings;

namespace McpMemory.Tests.Embeddings;

public sealed class OnnxTextWindowingTests : IClassFixture<MiniLMModelFixture>
{
    private const int Window = 254;

    private static readonly string[] Vocabulary =
    [
        "the", "agent", "stored", "a", "decision", "about", "database", "migrations,", "deadlines", "and", "reviewers.",
        "Unbelievably", "antidisestablishmentarianism", "tokenisation", "isn't", "(really)", "easy;", "e-mail:", "x@y.example",
        "2,048", "Zürich", "naïve", "東京", "🙂", "well-known", "state-of-the-art", "C#", "U.S.A.", "end.",
    ];

    private readonly ITextWindowing _windowing;
    private readonly MiniLMModelFixture _fixture;

    public OnnxTextWindowingTests(MiniLMModelFixture fixture)
    {
        _fixture = fixture;
        _windowing = fixture.Onnx;
    }

    [Fact]
    public void SplitIntoWindows_ShortText_ReturnsOneRangeCoveringAll()
    {
        const string text = "  A short note about the release plan.  ";

        var ranges = _windowing.SplitIntoWindows(text);

        var range = Assert.Single(ranges);
        Assert.Equal((0, text.Length), range.GetOffsetAndLength(text.Length));
    }

    [Fact]
    public void SplitIntoWindows_EmptyText_ReturnsOneEmptyRange()
    {
        var ranges = _windowing.SplitIntoWindows(string.Empty);

        var range = Assert.Single(ranges);
        Assert.Equal((0, 0), range.GetOffsetAndLength(0));
    }

    [Fact]
    public void SplitIntoWindows_TextOfExactlyOneWindow_ReturnsOneRange()
    {
        // "hello" is one token; 254 of them fill the window exactly, 255 do not.
        var fits = string.Join(' ', Enumerable.Repeat("hello", Window));
        var overflows = fits + " hello";

        Assert.Single(_windowing.SplitIntoWindows(fits));
        Assert.Equal(2, _windowing.SplitIntoWindows(overflows).Count);
    }

    [Fact]
    public void SplitIntoWindows_LongText_CoversEveryWordWithWindowsThatFit()
    {
        var text = RandomText(words: 2_000, seed: 1234);

        var ranges = _windowing.SplitIntoWindows(text);

        Assert.True(ranges.Count > 1);
        AssertWindowsFit(text, ranges);
        AssertCovered(text, ranges);
    }

    [Fact]
    public void SplitIntoWindows_LongText_WindowsAdvanceEndAtWhitespaceAndOverlap()
    {
        var text = RandomText(words: 2_000, seed: 99);

        var ranges = _windowing.SplitIntoWindows(text);

        for (var i = 0; i < ranges.Count; i++)
        {
            var (start, length) = ranges[i].GetOffsetAndLength(text.Length);
            var end = start + length;
            Assert.True(end == text.Length || char.IsWhiteSpace(text[end]), $"window {i} ends inside a word");
            Assert.True(start == 0 || char.IsWhiteSpace(text[start - 1]), $"window {i} starts inside a word");
            if (i > 0)
            {
                var (previousStart, previousLength) = ranges[i - 1].GetOffsetAndLength(text.Length);
                Assert.True(start > previousStart, $"window {i} does not advance");
                Assert.True(start < previousStart + previousLength, $"window {i} does not overlap window {i - 1}");
                var shared = CountTokens(text[start..(previousStart + previousLength)]);
                Assert.InRange(shared, 1, 32);
            }
        }
    }

    [Fact]
    public void SplitIntoWindows_LongRunWithoutWhitespace_CutsIntoPiecesThatFit()
    {
        // 1,500 CJK characters (one token each) and a 1,200-token run of punctuation, neither with a space.
        var text = "intro " + string.Concat(Enumerable.Repeat("東京大学", 375)) + " middle " + string.Concat(Enumerable.Repeat("a-", 600)) + " end";

        var ranges = _windowing.SplitIntoWindows(text);

        AssertWindowsFit(text, ranges);
        AssertCovered(text, ranges);
    }

    private static string RandomText(int words, int seed)
    {
        var random = new Random(seed);
        var parts = new string[words];
        for (var i = 0; i < words; i++)
        {
            parts[i] = Vocabulary[random.Next(Vocabulary.Length)];
        }

        return string.Join(random.Next(2) == 0 ? " " : "\n", parts);
    }

    private int CountTokens(string text) => _fixture.CountTokens(text);

    private void AssertWindowsFit(string text, IReadOnlyList<Range> ranges)
    {
        foreach (var range in ranges)
        {
            var window = text[range];
            var tokens = CountTokens(window);
            Assert.True(tokens <= Window, $"window '{window[..Math.Min(40, window.Length)]}...' has {tokens} tokens");
        }
    }

    private static void AssertCovered(string text, IReadOnlyList<Range> ranges)
    {
        var covered = new bool[text.Length];
        foreach (var range in ranges)
        {
            var (start, length) = range.GetOffsetAndLength(text.Length);
            Array.Fill(covered, true, start, length);
        }

        for (var i = 0; i < text.Length; i++)
        {
            Assert.True(covered[i] || char.IsWhiteSpace(text[i]), $"character {i} ('{text[i]}') is in no window");
        }
    }
}
