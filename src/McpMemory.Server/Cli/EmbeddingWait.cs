namespace McpMemory.Server.Cli;

/// <summary>
/// Waits until the store's owner has embedded what was written, showing how far it got on stderr. It asks the store
/// (which forwards to the owning process when another one owns the data directory) rather than waiting inside it, so
/// that a long wait is many short calls, each of which can be cancelled.
/// </summary>
internal static class EmbeddingWait
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Polls <paramref name="pending"/> until it is 0; returns it (0, unless cancelled first).</summary>
    public static async Task<long> WaitAsync(Func<CancellationToken, Task<long>> pending, CancellationToken cancellationToken)
    {
        var left = await pending(cancellationToken).ConfigureAwait(false);
        if (left == 0)
        {
            return 0;
        }

        // The total grows if other writers add work while we wait; the bar then starts over from the larger total.
        var total = left;
        var bar = new TerminalProgress("embedding", total);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (left > 0)
        {
            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
            left = await pending(cancellationToken).ConfigureAwait(false);
            if (left > total)
            {
                total = left;
                bar = new TerminalProgress("embedding", total);
            }

            var done = total - left;
            bar.Suffix = $"{done / Math.Max(0.001, clock.Elapsed.TotalSeconds):F0}/s";
            bar.Report(done);
        }

        return left;
    }
}
