using McpMemory.Embeddings.Onnx;

namespace McpMemory.Tests.Embeddings;

public sealed class EmbeddingBatchPlannerTests
{
    [Fact]
    public void Plan_AnyLengths_CoversEveryInputOnceInOrderWithinMaxRows()
    {
        var random = new Random(7);
        var lengths = Enumerable.Range(0, 300).Select(_ => random.Next(3, 257)).Order().ToArray();

        var runs = EmbeddingBatchPlanner.Plan(lengths, maxRows: 32);

        var next = 0;
        foreach (var (offset, rows) in runs)
        {
            Assert.Equal(next, offset);
            Assert.InRange(rows, 1, 32);
            next = offset + rows;
        }

        Assert.Equal(lengths.Length, next);
    }

    [Fact]
    public void Plan_SimilarLengths_KeepsOneFullRun()
    {
        int[] lengths = [.. Enumerable.Repeat(20, 30), 21, 22];

        var runs = EmbeddingBatchPlanner.Plan(lengths, maxRows: 32);

        Assert.Equal([(0, 32)], runs);
    }

    [Fact]
    public void Plan_ShortInputsAndOneLongOne_PadsOnlyTheLongRun()
    {
        int[] lengths = [.. Enumerable.Repeat(12, 31), 250];

        var runs = EmbeddingBatchPlanner.Plan(lengths, maxRows: 32);

        Assert.Equal([(0, 31), (31, 1)], runs);
    }

    [Fact]
    public void Plan_NoInputs_ReturnsNoRuns()
    {
        Assert.Empty(EmbeddingBatchPlanner.Plan([], maxRows: 32));
    }
}
