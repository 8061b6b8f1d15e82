namespace McpMemory.Server.Eval;

/// <summary>Evidence recall@k: per question, the share of its evidence turns among the top k; averaged over questions.</summary>
internal sealed class RecallTally
{
    public static readonly int[] Ks = [5, 10, 25];
    private readonly double[] _sums = new double[Ks.Length];

    public int Questions { get; private set; }

    public void Add(IReadOnlyList<string> ranked, IReadOnlyCollection<string> evidence)
    {
        for (var i = 0; i < Ks.Length; i++)
        {
            var top = ranked.Take(Ks[i]).ToHashSet(StringComparer.Ordinal);
            _sums[i] += (double)evidence.Count(top.Contains) / evidence.Count;
        }

        Questions++;
    }

    public double RecallAt(int k) => Questions == 0 ? 0 : _sums[Array.IndexOf(Ks, k)] / Questions;
}
