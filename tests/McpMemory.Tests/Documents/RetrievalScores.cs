using System.Globalization;

namespace McpMemory.Tests.Documents;

/// <summary>Where each question's evidence ranked (1-based; null when not in the top 10).</summary>
internal sealed record RetrievalScores(IReadOnlyList<int?> Ranks)
{
    public double RecallAt(int k) => Ranks.Count(r => r <= k) / (double)Ranks.Count;

    public double MeanReciprocalRank => Ranks.Sum(r => r is { } rank ? 1.0 / rank : 0) / Ranks.Count;

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"recall@1 {RecallAt(1):F3}, recall@3 {RecallAt(3):F3}, recall@5 {RecallAt(5):F3}, recall@10 {RecallAt(10):F3}, MRR {MeanReciprocalRank:F3} ({Ranks.Count} questions)");
}
