namespace McpMemory.Core.Retrieval;

/// <summary>Reciprocal rank fusion: score(d) = Σ weightᵢ / (k + rankᵢ(d)), ranks 1-based.</summary>
public static class RankFusion
{
    /// <summary>The customary constant from Cormack et al. (2009).</summary>
    public const int DefaultK = 60;

    /// <summary>
    /// Fuses ranked lists of item ids. Returns every item that appears in any list with its fused score and its rank
    /// in each list (null where absent), best first; ties keep the order of first appearance.
    /// </summary>
    public static List<FusedItem> Reciprocal(IReadOnlyList<IReadOnlyList<int>> rankings, IReadOnlyList<double>? weights = null, int k = DefaultK)
    {
        ArgumentNullException.ThrowIfNull(rankings);
        if (weights is not null && weights.Count != rankings.Count)
        {
            throw new ArgumentException("One weight per ranking is needed.", nameof(weights));
        }

        var byItem = new Dictionary<int, FusedItem>();
        var order = new List<int>();
        for (var list = 0; list < rankings.Count; list++)
        {
            var weight = weights?[list] ?? 1.0;
            var ranking = rankings[list];
            for (var i = 0; i < ranking.Count; i++)
            {
                var item = ranking[i];
                if (!byItem.TryGetValue(item, out var fused))
                {
                    fused = new FusedItem(item, new int?[rankings.Count]);
                    byItem[item] = fused;
                    order.Add(item);
                }

                if (fused.Ranks[list] is null)
                {
                    fused.Ranks[list] = i + 1;
                    fused.Score += weight / (k + i + 1);
                }
            }
        }

        var result = new List<FusedItem>(order.Count);
        foreach (var item in order)
        {
            result.Add(byItem[item]);
        }

        // Stable sort: equal scores keep first-appearance order.
        var sorted = result.Select((item, index) => (item, index))
            .OrderByDescending(x => x.item.Score)
            .ThenBy(x => x.index)
            .Select(x => x.item)
            .ToList();
        return sorted;
    }
}
