using System.Threading.Channels;
using McpMemory.A2A.Protocol;

namespace McpMemory.A2A.Tasks;

/// <summary>
/// A task while it runs: its current state, the streams subscribed to it, and how to cancel it. Every change is
/// stored before it is published, so a subscriber never sees a state the store could lose.
/// </summary>
internal sealed class RunningTask(A2ATask task, Action<A2ATask, A2ATaskEvent>? onEvent = null)
{
    private readonly object _gate = new();
    private readonly SemaphoreSlim _changeLock = new(1, 1);
    private readonly List<Channel<A2ATaskEvent>> _subscribers = [];
    private A2ATask _current = task;

    public CancellationTokenSource Cancellation { get; } = new();

    public TaskCompletionSource Finished { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public A2ATask Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    /// <summary>The task as it stands and every event after it, until the agent's turn ends (a terminal or interrupted state).</summary>
    public (A2ATask Snapshot, ChannelReader<A2ATaskEvent> Events) Subscribe()
    {
        var channel = Channel.CreateUnbounded<A2ATaskEvent>(new UnboundedChannelOptions { SingleReader = true });
        lock (_gate)
        {
            if (_current.Status.State.EndsTurn())
            {
                channel.Writer.TryComplete();
            }
            else
            {
                _subscribers.Add(channel);
            }

            return (_current, channel.Reader);
        }
    }

    /// <summary>
    /// Applies a change: stores the new task, then publishes the event (none for a change clients do not see, such as a
    /// push config); a terminal or interrupted state ends every stream.
    /// </summary>
    public async Task ApplyAsync(ITaskStore store, Func<A2ATask, (A2ATask Task, A2ATaskEvent? Event)> change)
    {
        await _changeLock.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            var (updated, taskEvent) = change(Current);
            // What clients are told is flushed: a turn that ended, or a change they made (a push config, no event).
            await store.SaveAsync(updated, flush: taskEvent is null || updated.Status.State.EndsTurn(), CancellationToken.None).ConfigureAwait(false);
            lock (_gate)
            {
                _current = updated;
                if (taskEvent is null)
                {
                    return;
                }

                onEvent?.Invoke(updated, taskEvent);
                foreach (var subscriber in _subscribers)
                {
                    subscriber.Writer.TryWrite(taskEvent);
                    if (updated.Status.State.EndsTurn())
                    {
                        subscriber.Writer.TryComplete();
                    }
                }

                if (updated.Status.State.EndsTurn())
                {
                    _subscribers.Clear();
                }
            }
        }
        finally
        {
            _changeLock.Release();
        }
    }
}
