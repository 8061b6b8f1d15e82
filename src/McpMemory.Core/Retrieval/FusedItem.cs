namespace McpMemory.Core.Retrieval;

/// <summary>One fused result.</summary>
/// <param name="Item">The item id.</param>
/// <param name="Ranks">Its 1-based rank in each input list, or null where absent.</param>
public sealed record FusedItem(int Item, int?[] Ranks)
{
    /// <summary>The fused score.</summary>
    public double Score { get; set; }
}
