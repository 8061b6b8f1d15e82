namespace McpMemory.Core.Storage;

/// <summary>
/// Tells whoever depends on stored records that records went away. Records are never changed in place (a write with
/// an id that exists changes nothing), so a deletion is the only change there is to hear of. The store registered as
/// <see cref="IEpisodeStore"/> publishes every deletion made through it (see
/// <c>AddEpisodeChangeFeed()</c>) before the delete call returns,
/// so what subscribers do is done by the very next call.
/// </summary>
public sealed class EpisodeChangeFeed
{
    private readonly Lock _gate = new();
    private Func<EpisodesDeleted, CancellationToken, Task>[] _subscribers = [];

    /// <summary>Calls <paramref name="onDeleted"/> after each deletion, until the returned handle is disposed.</summary>
    public IDisposable Subscribe(Func<EpisodesDeleted, CancellationToken, Task> onDeleted)
    {
        ArgumentNullException.ThrowIfNull(onDeleted);
        lock (_gate)
        {
            _subscribers = [.. _subscribers, onDeleted];
        }

        return new Subscription(this, onDeleted);
    }

    /// <summary>Hands <paramref name="change"/> to every subscriber in turn.</summary>
    public async Task PublishAsync(EpisodesDeleted change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.Ids.Count == 0)
        {
            return;
        }

        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            await subscriber(change, cancellationToken).ConfigureAwait(false);
        }
    }

    private void Unsubscribe(Func<EpisodesDeleted, CancellationToken, Task> onDeleted)
    {
        lock (_gate)
        {
            _subscribers = [.. _subscribers.Where(s => s != onDeleted)];
        }
    }

    private sealed class Subscription(EpisodeChangeFeed feed, Func<EpisodesDeleted, CancellationToken, Task> onDeleted) : IDisposable
    {
        public void Dispose() => feed.Unsubscribe(onDeleted);
    }
}
