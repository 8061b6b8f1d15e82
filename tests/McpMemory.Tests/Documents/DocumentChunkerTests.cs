using McpMemory.Core.Documents;
using McpMemory.Tests.Embeddings;

namespace McpMemory.Tests.Documents;

/// <summary>The chunker with the real arctic-xs tokenizer, checked against an independent copy of that tokenizer.</summary>
public sealed class DocumentChunkerTests(ArcticXsModelFixture model) : IClassFixture<ArcticXsModelFixture>
{
    private const int Window = 256;

    private static readonly string[] Words =
    [
        "the", "agent", "stored", "a", "decision", "about", "database", "migrations", "deadlines", "and", "reviewers",
        "tokenisation", "isn't", "easy", "Zürich", "naïve", "well-known", "state-of-the-art", "pipeline", "release",
        "schedule", "budget", "quarterly", "customer", "incident", "kernel", "latency", "throughput", "replica",
    ];

    private readonly DocumentChunker _chunker = DocumentChunker.For(model.Generator);

    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Data", "documents");

    public static TheoryData<string> TestDocuments() => new(Directory.GetFiles(Folder).Where(f => !f.EndsWith(".json", StringComparison.Ordinal)).Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(TestDocuments))]
    public void Chunk_RealDocument_EveryChunkFitsTheModelWindowWithItsSpecialTokens(string name)
    {
        var text = File.ReadAllText(Path.Combine(Folder, name));

        var chunks = _chunker.Chunk(text, Format(name));

        Assert.True(chunks.Count > 3);
        Assert.All(chunks, c => Assert.True(model.CountTokens(text[c.Start..c.End]) + 2 <= Window, $"chunk {c.Index} has {model.CountTokens(text[c.Start..c.End]) + 2} tokens"));
        Assert.All(chunks, c => Assert.Equal(model.CountTokens(text[c.Start..c.End]), c.Tokens));
    }

    [Theory]
    [MemberData(nameof(TestDocuments))]
    public void Chunk_RealDocument_ChunksTileTheTextAndRebuildItExactly(string name)
    {
        var text = File.ReadAllText(Path.Combine(Folder, name));

        var chunks = _chunker.Chunk(text, Format(name));

        Assert.Equal(0, chunks[0].Start);
        Assert.Equal(text.Length, chunks[^1].End);
        Assert.Equal(Enumerable.Range(0, chunks.Count), chunks.Select(c => c.Index));
        var rebuilt = new System.Text.StringBuilder(text[chunks[0].Start..chunks[0].End]);
        for (var i = 1; i < chunks.Count; i++)
        {
            Assert.True(chunks[i].Start <= chunks[i - 1].End, $"gap before chunk {i}");
            Assert.True(chunks[i].Start > chunks[i - 1].Start && chunks[i].End > chunks[i - 1].End, $"chunk {i} does not move on");
            rebuilt.Append(text[chunks[i - 1].End..chunks[i].End]);
        }

        Assert.Equal(text, rebuilt.ToString());
    }

    [Fact]
    public void Chunk_LongProse_NeverCutsASentenceAndOverlapsAboutFifteenPercent()
    {
        var (text, sentences) = Prose(seed: 7, paragraphs: 30);

        var chunks = _chunker.Chunk(text, DocumentFormat.Text);

        var starts = sentences.Select(s => s.Start).ToHashSet();
        var ends = sentences.Select(s => s.End).ToHashSet();
        Assert.True(chunks.Count >= 8, $"{chunks.Count} chunks");
        foreach (var chunk in chunks)
        {
            var slice = text[chunk.Start..chunk.End];
            var first = chunk.Start + (slice.Length - slice.TrimStart().Length);
            var last = chunk.End - (slice.Length - slice.TrimEnd().Length);
            Assert.Contains(first, starts);
            Assert.Contains(last, ends);
        }

        var shares = new List<double>();
        for (var i = 1; i < chunks.Count; i++)
        {
            var shared = chunks[i - 1].End > chunks[i].Start ? model.CountTokens(text[chunks[i].Start..chunks[i - 1].End]) : 0;
            shares.Add(shared / (double)(Window - 2));
        }

        Assert.InRange(shares.Average(), 0.10, 0.20);
        Assert.All(shares, s => Assert.InRange(s, 0.0, 0.31));
        Assert.True(chunks.Take(chunks.Count - 1).Average(c => c.Tokens) >= 0.6 * (Window - 2), "chunks are well filled");
    }

    [Fact]
    public void Chunk_SentenceLongerThanTheWindow_IsCutThereAndNowhereElse()
    {
        var (before, _) = Prose(seed: 3, paragraphs: 1);
        var random = new Random(11);
        var runOn = string.Join(' ', Enumerable.Range(0, 600).Select(_ => Words[random.Next(Words.Length)])) + ".";
        var text = before.TrimEnd() + " " + char.ToUpperInvariant(runOn[0]) + runOn[1..] + " After the long one, a short sentence ends it.";
        var runOnStart = text.IndexOf(char.ToUpperInvariant(runOn[0]) + runOn[1..], StringComparison.Ordinal);
        var runOnEnd = runOnStart + runOn.Length;

        var chunks = _chunker.Chunk(text, DocumentFormat.Text);

        Assert.All(chunks, c => Assert.True(model.CountTokens(text[c.Start..c.End]) + 2 <= Window));
        var cutInside = chunks.Where(c => c.End > runOnStart && c.End < runOnEnd).ToList();
        Assert.NotEmpty(cutInside);
        Assert.All(chunks.Where(c => c.End <= runOnStart), c => Assert.EndsWith(".", text[c.Start..c.End].TrimEnd(), StringComparison.Ordinal));
        Assert.EndsWith("ends it.", text[chunks[^1].Start..chunks[^1].End], StringComparison.Ordinal);
    }

    [Fact]
    public void Chunk_Markdown_GivesEachChunkItsHeadingPathAndStartsSectionsThatDoNotFitAnew()
    {
        var (intro, _) = Prose(seed: 1, paragraphs: 1);
        var (install, _) = Prose(seed: 2, paragraphs: 4);
        var (linux, _) = Prose(seed: 4, paragraphs: 1);
        var text = $"# Guide\n\n{intro}\n## Install\n\n{install}\n### On Linux\n\n{linux}\n# Appendix\n\nShort closing words.\n";

        var chunks = _chunker.Chunk(text, DocumentFormat.Markdown);

        Assert.Equal(["Guide"], chunks[0].HeadingPath);
        var installStart = text.IndexOf("## Install", StringComparison.Ordinal);
        var linuxStart = text.IndexOf("### On Linux", StringComparison.Ordinal);
        Assert.Contains(chunks, c => c.Start == installStart && c.HeadingPath.SequenceEqual(["Guide", "Install"]));
        Assert.Contains(chunks, c => c.Start == linuxStart && c.HeadingPath.SequenceEqual(["Guide", "Install", "On Linux"]));
        Assert.DoesNotContain(chunks, c => c.Start < installStart && c.End > installStart + 20);
        Assert.Equal(["Guide", "Install", "On Linux"], chunks.Single(c => c.End == text.Length && c.Start <= text.IndexOf("# Appendix", StringComparison.Ordinal)).HeadingPath);
    }

    [Fact]
    public void Chunk_CodeFenceThatFits_IsKeptWholeAndItsHashLinesAreNotHeadings()
    {
        var (prose, _) = Prose(seed: 5, paragraphs: 2);
        var code = "```bash\n# not a heading: a shell comment\n" + string.Join('\n', Enumerable.Range(0, 5).Select(i => $"curl -s https://example.org/api/v{i}/items | jq '.items[{i}]'")) + "\n```";
        var text = $"# Setup\n\n{prose}\n{code}\n\nAfter the code.\n";

        var chunks = _chunker.Chunk(text, DocumentFormat.Markdown);

        var fenceStart = text.IndexOf("```bash", StringComparison.Ordinal);
        var fenceEnd = text.LastIndexOf("```", StringComparison.Ordinal) + 3;
        Assert.Contains(chunks, c => c.Start <= fenceStart && c.End >= fenceEnd);
        Assert.All(chunks, c => Assert.Equal(["Setup"], c.HeadingPath));
    }

    [Fact]
    public void Chunk_ListOfItemsThatFit_EndsChunksOnlyAtTheEndOfAnItem()
    {
        var random = new Random(17);
        var items = Enumerable.Range(0, 40).Select(i => $"- Item {i}: " + string.Join(' ', Enumerable.Range(0, random.Next(2, 4)).Select(_ => Prose(random.Next(), 1).Text.Split(". ")[0].Trim().TrimEnd('.', '?') + "."))).ToList();
        var text = "# Checklist\n\n" + string.Join('\n', items) + "\n";
        var itemEnds = items.Select(item => text.IndexOf(item, StringComparison.Ordinal) + item.Length).ToHashSet();

        var chunks = _chunker.Chunk(text, DocumentFormat.Markdown);

        Assert.True(chunks.Count >= 3, $"{chunks.Count} chunks");
        Assert.All(chunks, c => Assert.Contains(c.Start + text[c.Start..c.End].TrimEnd().Length, itemEnds));
    }

    [Fact]
    public void Chunk_WordLongerThanTheWindow_IsCutIntoPiecesThatFit()
    {
        // Punctuation splits it into about 800 tokens (a run of letters alone would be one unknown-word token).
        var blob = string.Join('-', Enumerable.Repeat("alpha", 400));
        var text = $"Here is a key: {blob} and that was it.";

        var chunks = _chunker.Chunk(text, DocumentFormat.Text);

        Assert.True(chunks.Count >= 4, $"{chunks.Count} chunks");
        Assert.All(chunks, c => Assert.True(model.CountTokens(text[c.Start..c.End]) + 2 <= Window));
        Assert.Equal(text.Length, chunks[^1].End);
        Assert.All(chunks.Skip(1), c => Assert.True(c.Start > 0));
    }

    [Fact]
    public void Chunk_WhitespaceOnly_GivesNoChunks()
    {
        Assert.Empty(_chunker.Chunk(" \n\t\n ", DocumentFormat.Markdown));
    }

    [Theory]
    [InlineData("Dr. Smith met Mr. Jones at 3.30 p.m. on the pier. They talked.", 2)]
    [InlineData("Use a tool, e.g. The Inspector, to check it. Then deploy v2.1.3 today.", 2)]
    [InlineData("J. R. R. Tolkien wrote it. Pi is 3.14159 and e is 2.71828. Done!", 3)]
    [InlineData("Wait... what? Yes! \"Quoted end.\" Next one (in brackets.) Last.", 5)]
    [InlineData("It costs 5 EUR, approx. half the price. See Fig. 3 for details.", 2)]
    [InlineData("東京は大きい。大阪も大きい。", 2)]
    public void Split_TrickyProse_FindsTheSentences(string text, int expected)
    {
        var sentences = new List<(int Start, int End)>();

        SentenceSplitter.Split(text, 0, text.Length, sentences);

        Assert.Equal(expected, sentences.Count);
        Assert.Equal(text.Trim(), string.Join(' ', sentences.Select(s => text[s.Start..s.End])).Replace("。 ", "。", StringComparison.Ordinal));
    }

    private static DocumentFormat Format(string name) => name.EndsWith(".md", StringComparison.Ordinal) ? DocumentFormat.Markdown : DocumentFormat.Text;

    // Paragraphs of generated sentences (5 to 40 words each), blank lines between paragraphs; and where each sentence is.
    private static (string Text, List<(int Start, int End)> Sentences) Prose(int seed, int paragraphs)
    {
        var random = new Random(seed);
        var text = new System.Text.StringBuilder();
        var sentences = new List<(int Start, int End)>();
        for (var p = 0; p < paragraphs; p++)
        {
            var count = random.Next(2, 7);
            for (var s = 0; s < count; s++)
            {
                var words = Enumerable.Range(0, random.Next(5, 40)).Select(_ => Words[random.Next(Words.Length)]).ToList();
                var sentence = char.ToUpperInvariant(words[0][0]) + string.Join(' ', words)[1..] + (random.Next(5) == 0 ? "?" : ".");
                if (s > 0)
                {
                    text.Append(random.Next(4) == 0 ? '\n' : ' ');
                }

                sentences.Add((text.Length, text.Length + sentence.Length));
                text.Append(sentence);
            }

            text.Append("\n\n");
        }

        return (text.ToString(), sentences);
    }
}
