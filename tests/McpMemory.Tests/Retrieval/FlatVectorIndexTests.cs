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

    [Fact]
    public void Search_Quantized_ReturnsTheExactScansOwnersAndScores()
    {
        // Unit vectors of the embedder's size, many of them close to the queries, as real embeddings are.
        var random = new Random(7);
        float[] Unit(float[]? near = null)
        {
            var v = Enumerable.Range(0, 384).Select(i => (float)(random.NextDouble() - 0.5) + (near is null ? 0f : 4f * near[i])).ToArray();
            var norm = MathF.Sqrt(v.Sum(x => x * x));
            return v.Select(x => x / norm).ToArray();
        }

        var exact = new FlatVectorIndex(384) { QuantizedThreshold = int.MaxValue };
        var quantized = new FlatVectorIndex(384) { QuantizedThreshold = 0 };
        var centres = Enumerable.Range(0, 20).Select(_ => Unit()).ToList();
        for (var i = 0; i < 6_000; i++)
        {
            var v = Unit(i % 3 == 0 ? centres[i % centres.Count] : null);
            exact.Add(i, v);
            quantized.Add(i, v);
        }

        for (var q = 0; q < 40; q++)
        {
            var query = Unit(centres[q % centres.Count]);

            var expected = exact.Search(query, 10, owner => owner % 7 != 0);
            var hits = quantized.Search(query, 10, owner => owner % 7 != 0);

            Assert.Equal(expected, hits);
        }
    }

    [Fact]
    public void Search_Quantized_FindsNearlyAllOfTheExactTopKAmongManyNearNeighbours()
    {
        // 40,000 vectors in 400 tight clusters (as real embeddings of similar texts are), with the embedder's mean
        // offset, and queries inside clusters: 1-bit codes must keep almost every exact top-10 hit among the candidates.
        var random = new Random(11);
        var offset = Enumerable.Range(0, 384).Select(_ => (float)random.NextDouble()).ToArray();
        float[] Unit(float[] direction, float noise)
        {
            var v = direction.Select(x => x + (noise * (float)(random.NextDouble() - 0.5))).ToArray();
            var norm = MathF.Sqrt(v.Sum(x => x * x));
            return v.Select(x => x / norm).ToArray();
        }

        var exact = new FlatVectorIndex(384) { QuantizedThreshold = int.MaxValue };
        var quantized = new FlatVectorIndex(384);
        var centres = Enumerable.Range(0, 400).Select(_ => Unit(offset, 2f)).ToList();
        for (var i = 0; i < 40_000; i++)
        {
            var v = Unit(centres[i % centres.Count], 0.2f);
            exact.Add(i, v);
            quantized.Add(i, v);
        }

        var found = 0;
        for (var q = 0; q < 100; q++)
        {
            var query = Unit(centres[random.Next(centres.Count)], 0.3f);
            var expected = exact.Search(query, 10);
            var hits = quantized.Search(query, 10);
            found += hits.Intersect(expected).Count();
            Assert.All(hits, hit => Assert.Equal(Dot(query, exact.Get(hit.Owner)), hit.Score, 1e-5));
        }

        Assert.True(found >= 985, $"1-bit candidates kept {found} of the 1,000 exact top-10 hits.");
    }

    [Fact]
    public void Encode_SetsABitForEachComponentAboveTheCentre()
    {
        var code = new ulong[2];

        FlatVectorIndex.Encode([.. Enumerable.Range(0, 70).Select(i => i % 3 == 0 ? 1f : -1f)], new float[70], code);

        Assert.Equal(Enumerable.Range(0, 70).Where(i => i % 3 == 0), Enumerable.Range(0, 128).Where(i => (code[i / 64] >> (i % 64) & 1) == 1));
        Assert.Equal(24, FlatVectorIndex.Hamming(code, [0UL, 0UL]));
        Assert.Equal(0, FlatVectorIndex.Hamming(code, code));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(33)]
    [InlineData(64)]
    [InlineData(384)]
    public void DotCodes_EqualsTheProductOfTheCodes(int length)
    {
        var random = new Random(length);
        var a = Enumerable.Range(0, length).Select(i => (sbyte)(i % 5 == 0 ? 127 : random.Next(-127, 128))).ToArray();
        var b = Enumerable.Range(0, length).Select(i => (sbyte)(i % 5 == 0 ? -127 : random.Next(-127, 128))).ToArray();

        Assert.Equal(a.Zip(b, (x, y) => x * y).Sum(), FlatVectorIndex.DotCodes(a, b));
    }

    private static float Dot(float[] a, ReadOnlySpan<float> b)
    {
        var sum = 0f;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }
}
