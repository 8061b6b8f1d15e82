namespace McpMemory.Mcp.Budgets;

/// <summary>
/// Fills one answer from a list that the store returns a page at a time by offset: items are taken while they fit the
/// budget, further pages are fetched while the budget lasts, and the offset where the answer stopped becomes the cursor.
/// </summary>
public static class OffsetPager
{
    /// <summary>How many items to ask the store for at a time.</summary>
    public const int PageSize = 200;

    /// <summary>
    /// Runs the loop. <paramref name="fetch"/> returns the namespace, the page starting at the given offset (at most
    /// <see cref="PageSize"/> items), and how many items the whole list has. <paramref name="take"/> takes an item if the
    /// budget allows (it charges the budget) and returns false when it does not fit.
    /// </summary>
    /// <returns>The namespace, the offset after the last item taken, and how many items are left after it.</returns>
    public static async Task<(string Namespace, int Offset, int Left)> FillAsync<TPage, TItem>(
        int offset,
        Func<int, Task<(string Namespace, TPage Page, int Total)>> fetch,
        Func<TPage, IEnumerable<TItem>> items,
        Func<TPage, TItem, bool> take)
    {
        ArgumentNullException.ThrowIfNull(fetch);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(take);
        while (true)
        {
            var (ns, page, total) = await fetch(offset).ConfigureAwait(false);
            var full = false;
            var any = false;
            foreach (var item in items(page))
            {
                any = true;
                if (!take(page, item))
                {
                    full = true;
                    break;
                }

                offset++;
            }

            var left = Math.Max(0, total - offset);
            if (full || left == 0 || !any)
            {
                return (ns, offset, left);
            }
        }
    }
}
