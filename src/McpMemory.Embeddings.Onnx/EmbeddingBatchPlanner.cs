namespace McpMemory.Embeddings.Onnx;

/// <summary>
/// Splits inputs, sorted by token count, into the model runs that cost least: each run is padded to its longest input,
/// so a batch of mixed lengths is cheaper as several runs of similar lengths than as one run padded to the longest,
/// while every run also pays a fixed cost (kernel launches, thread hand-offs) that favours fewer, fuller runs.
/// </summary>
internal static class EmbeddingBatchPlanner
{
    /// <summary>The fixed cost of one model run, in padded tokens.</summary>
    /// <remarks>
    /// Measured on arctic-xs with 2 intra-op threads: one run of a 30-token sentence costs about as much as 90 more
    /// tokens in a larger run.
    /// </remarks>
    internal const double RunOverheadTokens = 96;

    /// <summary>
    /// The sequence length at which attention (quadratic in length) costs as much per token as the dense layers of a
    /// 384-wide BERT layer (linear in length): about 12·d² / 2·d for d = 384.
    /// </summary>
    internal const double AttentionBreakEvenTokens = 2304;

    /// <summary>
    /// Plans runs over inputs whose token counts are <paramref name="sortedLengths"/> (ascending): returns consecutive
    /// <c>(offset, rows)</c> runs covering every input once, each of at most <paramref name="maxRows"/> rows, with the
    /// least estimated cost (dynamic programming over the cut points).
    /// </summary>
    public static List<(int Offset, int Rows)> Plan(ReadOnlySpan<int> sortedLengths, int maxRows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRows, 1);
        var count = sortedLengths.Length;
        var best = new double[count + 1];
        var start = new int[count + 1];
        for (var end = 1; end <= count; end++)
        {
            // A run ending here is padded to this input, the longest of the run because the lengths ascend.
            var length = sortedLengths[end - 1];
            best[end] = double.PositiveInfinity;
            for (var first = Math.Max(0, end - maxRows); first < end; first++)
            {
                var cost = best[first] + RunCost(end - first, length);
                if (cost < best[end])
                {
                    best[end] = cost;
                    start[end] = first;
                }
            }
        }

        var runs = new List<(int Offset, int Rows)>();
        for (var end = count; end > 0; end = start[end])
        {
            runs.Add((start[end], end - start[end]));
        }

        runs.Reverse();
        return runs;
    }

    /// <summary>The estimated cost of one run of <paramref name="rows"/> inputs padded to <paramref name="length"/> tokens.</summary>
    internal static double RunCost(int rows, int length) =>
        RunOverheadTokens + (rows * (double)length * (1 + (length / AttentionBreakEvenTokens)));
}
