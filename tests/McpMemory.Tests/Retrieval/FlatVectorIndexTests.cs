using McpMemory.Core.Retrieval;

namespace McpMemory.Tests.Retrieval;

public sealed class FlatVectorIndexTests
{
    [Fact]
    public void Search_ReturnsExactTopKByDotProduct()
    {
        var random = new Random(42);
        var index = new FlatVectorIndex(8);
        var vectors = new List<float[]>();
        for (var i = 0; i < 20_000; i++)
        {
            var v = Enumerable.Range(0, 8).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
            vectors.Add(v);
            index.Add(i, v);
        }

        var query = Enumerable.Range(0, 8).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var expected = vectors.Select((v, i) => (i, Score: v.Zip(query, (a, b) => a * b).Sum()))
            .OrderByDescending(x => x.Score).Take(10).Select(x => x.i).ToList();

        var hits = index.Search(query, 10);

        Assert.Equal(expected, hits.Select(h => h.Owner));
    }

    [Fact]
    public void Search_OwnerWithSeveralParts_ScoresAsItsBestPartOnce()
    {
        var index = new FlatVectorIndex(2);
        index.Add(0, [1f, 0f]);
        index.Add(0, [0.9f, 0.1f], additionalPart: true);
        index.Add(1, [0.8f, 0.2f]);

        var hits = index.Search([1f, 0f], 2);

        Assert.Equal([0, 1], hits.Select(h => h.Owner));
        Assert.Equal(1f, hits[0].Score);
    }

    [Fact]
    public void Search_AcceptFilter_SkipsRejectedOwners()
    {
        var index = new FlatVectorIndex(2);
        index.Add(0, [1f, 0f]);
        index.Add(1, [0f, 1f]);

        var hits = index.Search([1f, 0f], 5, owner => owner != 0);

        Assert.Equal([1], hits.Select(h => h.Owner));
    }
}
