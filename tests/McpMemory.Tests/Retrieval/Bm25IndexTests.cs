using McpMemory.Core.Retrieval;

namespace McpMemory.Tests.Retrieval;

public sealed class Bm25IndexTests
{
    [Fact]
    public void Search_TermFrequencyAndRarity_RankLikeBm25()
    {
        var index = new Bm25Index(KeywordAnalyzer.Plain);
        index.Add(0, "the cat sat on the mat");
        index.Add(1, "the dog chased the cat and the cat ran");
        index.Add(2, "a dog barked");

        var hits = index.Search("cat", 10);

        Assert.Equal([1, 0], hits.Select(h => h.Document));
        Assert.True(hits[0].Score > hits[1].Score);
    }

    [Fact]
    public void Search_KnownCollection_MatchesHandComputedScore()
    {
        var index = new Bm25Index(KeywordAnalyzer.Plain, k1: 1.2, b: 0.75);
        index.Add(0, "apple banana");
        index.Add(1, "banana cherry date");

        var hits = index.Search("apple", 10);

        // N=2, df=1: idf = ln(1 + (2-1+0.5)/(1+0.5)) = ln 2; tf=1, |d|=2, avgdl=2.5.
        var norm = 1.2 * (1 - 0.75 + (0.75 * 2 / 2.5));
        var expected = Math.Log(2) * (1 * 2.2) / (1 + norm);
        Assert.Single(hits);
        Assert.Equal(expected, hits[0].Score, 5);
    }

    [Fact]
    public void Remove_Document_IsNoLongerFoundAndStatsExcludeIt()
    {
        var index = new Bm25Index(KeywordAnalyzer.Plain);
        index.Add(0, "zebra crossing");
        index.Add(1, "zebra stripes");
        index.Remove(0, "zebra crossing");

        var hits = index.Search("zebra crossing", 10);

        Assert.Equal([1], hits.Select(h => h.Document));
        Assert.Equal(1, index.LiveCount);
    }

    [Fact]
    public void Search_AcceptFilter_RestrictsCandidates()
    {
        var index = new Bm25Index(KeywordAnalyzer.Plain);
        index.Add(0, "red apple");
        index.Add(1, "red car");

        var hits = index.Search("red", 10, d => d == 1);

        Assert.Equal([1], hits.Select(h => h.Document));
    }

    [Fact]
    public void Add_OutOfOrderDocument_Throws()
    {
        var index = new Bm25Index(KeywordAnalyzer.Plain);
        Assert.Throws<ArgumentException>(() => index.Add(3, "x"));
    }
}
