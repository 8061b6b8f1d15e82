using McpMemory.Core.Retrieval;

namespace McpMemory.Tests.Retrieval;

public sealed class RankFusionTests
{
    [Fact]
    public void Reciprocal_TwoLists_ScoresAreSumsOfReciprocalRanks()
    {
        var fused = RankFusion.Reciprocal([[1, 2, 3], [3, 1]], null, 60);

        var byItem = fused.ToDictionary(f => f.Item);
        Assert.Equal((1.0 / 61) + (1.0 / 62), byItem[1].Score, 10);
        Assert.Equal((1.0 / 63) + (1.0 / 61), byItem[3].Score, 10);
        Assert.Equal(1.0 / 62, byItem[2].Score, 10);
        Assert.Equal([1, 3, 2], fused.Select(f => f.Item));
        Assert.Equal([3, 1], byItem[3].Ranks.Select(r => r!.Value));
        Assert.Null(byItem[2].Ranks[1]);
    }

    [Fact]
    public void Reciprocal_Weights_FavourTheHeavierList()
    {
        var fused = RankFusion.Reciprocal([[1, 2], [2, 1]], [2.0, 1.0], 60);

        Assert.Equal(1, fused[0].Item);
    }
}
