using System.Collections.Concurrent;
using System.Threading.Channels;
using McpMemory.A2A.Execution;
using McpMemory.A2A.Protocol;
using McpMemory.Core;
using McpMemory.Core.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace McpMemory.A2A.Tasks;

/// <summary>
/// Creates tasks, runs them on the <see cref="IA2AAgent"/> in the background, continues those that asked for input,
/// and serves get, list, cancel and subscribe. Each principal sees only its own tasks. Tasks that a stopped process
/// left running are marked failed, since their work cannot resume; several processes may share the data directory
/// (<see cref="TaskRunners"/> tells whose a task is).
/// </summary>
internal sealed partial class TaskManager
{
    private readonly ITaskStore _store;
    private readonly IA2AAgent _agent;
    private readonly TimeProvider _time;
    private readonly ILogger<TaskManager> _logger;
    private readonly PushNotifier _push;
    private readonly TaskRunners _runners;
    private readonly SemaphoreSlim _configLock = new(1, 1);
    private readonly ConcurrentDictionary<string, RunningTask> _running = new(StringComparer.Ordinal);
    private readonly Lazy<Task> _settled;
    private volatile bool _stopping;

    public TaskManager(ITaskStore store, IA2AAgent agent, PushNotifier push, TaskRunners runners, IOptions<McpMemoryOptions> options, ILogger<TaskManager> logger)
    {
        _push = push;
        _runners = runners;
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _agent = agent;
        _time = options.Value.TimeProvider;
        _logger = logger;
        _settled = new Lazy<Task>(SettleInterruptedAsync);
    }

    /// <summary>
    /// SendMessage: starts (or continues) the task and, unless <paramref name="returnImmediately"/>, waits until its
    /// turn ends, then returns the task as it stands. A client that waits is told of the task only when its turn has
    /// ended, so only that state is flushed to disk, not the task's creation as well.
    /// </summary>
    public async Task<A2ATask> SendAsync(MemoryPrincipal principal, A2AMessage message, bool returnImmediately, A2APushConfig? push, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var (snapshot, events) = await StartAsync(principal, message, cancellationToken, push, acknowledged: returnImmediately).ConfigureAwait(false);
        if (returnImmediately)
        {
            return snapshot;
        }

        await foreach (var _ in events.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
        }

        return await GetAsync(principal.Name, snapshot.Id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Creates a task for <paramref name="message"/> and starts it, or, when the message names a task that waits for
    /// input, continues that task with it; the subscription sees every event from then on. <paramref name="acknowledged"/>
    /// says that the caller tells its client the task at once (a stream, a send that returns immediately), so the new
    /// task is flushed to disk before this returns.
    /// </summary>
    public async Task<(A2ATask Task, ChannelReader<A2ATaskEvent> Events)> StartAsync(MemoryPrincipal principal, A2AMessage message, CancellationToken cancellationToken, A2APushConfig? push = null, bool acknowledged = true)
    {
        await _settled.Value.ConfigureAwait(false);
        if (message.TaskId is { } existingId)
        {
            return await ContinueAsync(principal, existingId, message, push, acknowledged, cancellationToken).ConfigureAwait(false);
        }

        _agent.Validate(message);
        var now = _time.GetUtcNow();
        var id = Guid.NewGuid().ToString("N");
        var contextId = message.ContextId ?? Guid.NewGuid().ToString("N");
        var task = new A2ATask
        {
            Id = id,
            ContextId = contextId,
            Status = new A2ATaskStatus { State = A2ATaskState.Submitted, Timestamp = now },
            History = [message with { TaskId = id, ContextId = contextId }],
            PushConfigs = push is null ? [] : [WithId(push)],
            Owner = principal.Name,
            Runner = _runners.Id,
            CreatedAt = now,
        };
        var run = new RunningTask(task, _push.Notify);
        _running[id] = run;
        await _store.SaveAsync(task, flush: acknowledged, cancellationToken).ConfigureAwait(false);
        return Launch(run, principal);
    }

    // A message into an existing task: only one that waits for input (input-required, auth-required) takes it.
    private async Task<(A2ATask Task, ChannelReader<A2ATaskEvent> Events)> ContinueAsync(MemoryPrincipal principal, string id, A2AMessage message, A2APushConfig? push, bool acknowledged, CancellationToken cancellationToken)
    {
        await _configLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var existing = await GetAsync(principal.Name, id, cancellationToken).ConfigureAwait(false);
            var state = A2ATaskStates.Format(existing.Status.State, A2AFamily.V03);
            if (existing.Status.State.IsTerminal())
            {
                throw new A2AException(
                    A2AErrorCodes.UnsupportedOperation,
                    $"Task '{id}' is {state}, and a task that has ended takes no more messages. Send the message without 'taskId' to start a new task (keep 'contextId' '{existing.ContextId}' to stay in the conversation).");
            }

            if (!existing.Status.State.IsInterrupted())
            {
                throw new A2AException(
                    A2AErrorCodes.UnsupportedOperation,
                    $"Task '{id}' is {state}: it takes a message only when it asks for one (input-required). Wait for its answer (GetTask, SubscribeToTask) or cancel it (CancelTask).");
            }

            if (message.ContextId is { } contextId && contextId != existing.ContextId)
            {
                throw A2AException.InvalidParams($"'message.contextId' is '{contextId}', but task '{id}' belongs to context '{existing.ContextId}': send the task's own contextId, or leave it out.");
            }

            _agent.Validate(message);
            var task = existing with
            {
                Status = new A2ATaskStatus { State = A2ATaskState.Submitted, Timestamp = _time.GetUtcNow() },
                History = [.. existing.History, message with { TaskId = id, ContextId = existing.ContextId }],
                PushConfigs = push is null ? existing.PushConfigs : [.. existing.PushConfigs.Where(c => c.Id != push.Id), CheckRoom(id, existing.PushConfigs, WithId(push))],
                Runner = _runners.Id,
            };
            var run = new RunningTask(task, _push.Notify);
            _running[id] = run;
            await _store.SaveAsync(task, flush: acknowledged, cancellationToken).ConfigureAwait(false);
            return Launch(run, principal);
        }
        finally
        {
            _configLock.Release();
        }
    }

    private (A2ATask Task, ChannelReader<A2ATaskEvent> Events) Launch(RunningTask run, MemoryPrincipal principal)
    {
        var (snapshot, events) = run.Subscribe();
        _ = Task.Run(() => RunAsync(run, principal, run.Current.History[^1]), CancellationToken.None);
        return (snapshot, events);
    }

    private static A2APushConfig WithId(A2APushConfig push) =>
        push with { Id = string.IsNullOrEmpty(push.Id) ? Guid.NewGuid().ToString("N") : push.Id };

    /// <summary>
    /// The task, if it exists and belongs to <paramref name="owner"/>; else a task-not-found error. An unfinished task
    /// whose process is gone (see <see cref="TaskRunners"/>) is marked failed first.
    /// </summary>
    public async Task<A2ATask> GetAsync(string owner, string id, CancellationToken cancellationToken)
    {
        await _settled.Value.ConfigureAwait(false);
        if (_running.TryGetValue(id, out var run) && run.Current.Owner == owner)
        {
            return run.Current;
        }

        var task = await _store.GetAsync(id, cancellationToken).ConfigureAwait(false);
        return task is not null && task.Owner == owner ? await SettleIfOrphanedAsync(task).ConfigureAwait(false) : throw A2AException.TaskNotFound(id);
    }

    /// <summary>Every task of <paramref name="owner"/>, most recently updated first.</summary>
    public async Task<IReadOnlyList<A2ATask>> ListAsync(string owner, CancellationToken cancellationToken)
    {
        await _settled.Value.ConfigureAwait(false);
        var tasks = await _store.ListAsync(owner, cancellationToken).ConfigureAwait(false);
        if (!tasks.Any(IsOrphaned))
        {
            return tasks;
        }

        foreach (var task in tasks.Where(IsOrphaned))
        {
            await SettleIfOrphanedAsync(task).ConfigureAwait(false);
        }

        return await _store.ListAsync(owner, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Cancels a task: a running one is stopped and waited for, one that waits for input is canceled at once. A finished
    /// task is not cancelable, nor is one that another process on the same data directory runs.
    /// </summary>
    public async Task<A2ATask> CancelAsync(string owner, string id, CancellationToken cancellationToken)
    {
        var task = await GetAsync(owner, id, cancellationToken).ConfigureAwait(false);
        if (_running.TryGetValue(id, out var run))
        {
            await run.Cancellation.CancelAsync().ConfigureAwait(false);
            await run.Finished.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            return run.Current;
        }

        if (task.Status.State.IsInterrupted())
        {
            await _configLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                // Read again under the lock: a reply may have continued the task meanwhile.
                if (!_running.ContainsKey(id) && await _store.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } waiting && waiting.Status.State.IsInterrupted())
                {
                    return await EndAsync(waiting, A2ATaskState.Canceled, "Canceled at the client's request while it waited for input.").ConfigureAwait(false);
                }
            }
            finally
            {
                _configLock.Release();
            }

            return await CancelAsync(owner, id, cancellationToken).ConfigureAwait(false);
        }

        if (!task.Status.State.IsTerminal())
        {
            throw new A2AException(
                A2AErrorCodes.UnsupportedOperation,
                $"Task '{id}' is {A2ATaskStates.Format(task.Status.State, A2AFamily.V03)} in another mcp-memory process that shares this data directory: send CancelTask to the server that started it.");
        }

        throw new A2AException(
            A2AErrorCodes.TaskNotCancelable,
            $"Task '{id}' is already {A2ATaskStates.Format(task.Status.State, A2AFamily.V03)} and cannot be canceled; only submitted, working or input-required tasks can.");
    }

    /// <summary>
    /// Called when the server shuts down: stops every running task, which ends failed with the server-stopped message
    /// (its subscribers and webhooks get that final state), and waits up to <paramref name="wait"/> for them.
    /// </summary>
    public void Stop(TimeSpan wait)
    {
        _stopping = true;
        var runs = _running.Values.ToList();
        foreach (var run in runs)
        {
            try
            {
                run.Cancellation.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // It finished meanwhile.
            }
        }

        Task.WhenAll(runs.Select(r => r.Finished.Task)).Wait(wait);
    }

    /// <summary>Subscribes to a task that is still running: its current state, then every change until it ends.</summary>
    public async Task<(A2ATask Task, ChannelReader<A2ATaskEvent> Events)> SubscribeAsync(string owner, string id, CancellationToken cancellationToken)
    {
        var task = await GetAsync(owner, id, cancellationToken).ConfigureAwait(false);
        if (!task.Status.State.IsTerminal() && _running.TryGetValue(id, out var run))
        {
            return run.Subscribe();
        }

        var state = A2ATaskStates.Format(task.Status.State, A2AFamily.V03);
        throw new A2AException(
            A2AErrorCodes.UnsupportedOperation,
            task.Status.State.IsInterrupted()
                ? $"Task '{id}' is {state}: it waits for your reply, so there is nothing to subscribe to. Send a message with taskId '{id}' (SendStreamingMessage streams what follows)."
                : task.Status.State.IsTerminal()
                    ? $"Task '{id}' is {state}, so there is nothing to subscribe to: get it with GetTask (tasks/get) instead."
                    : $"Task '{id}' is {state} in another mcp-memory process that shares this data directory: subscribe through the server that started it, or poll it with GetTask.");
    }

    /// <summary>Adds or replaces a push config of a task (a config without an id gets one).</summary>
    public Task<A2APushConfig> SetPushConfigAsync(string owner, string taskId, A2APushConfig config, CancellationToken cancellationToken)
    {
        var stored = config with { Id = string.IsNullOrEmpty(config.Id) ? Guid.NewGuid().ToString("N") : config.Id };
        return ChangePushConfigsAsync(owner, taskId, configs => [.. configs.Where(c => c.Id != stored.Id), stored], configs => CheckRoom(taskId, configs, stored), cancellationToken);
    }

    /// <summary>The most push configs one task may have; each one is a webhook called on every change of the task.</summary>
    public const int MaxPushConfigsPerTask = 10;

    private static A2APushConfig CheckRoom(string taskId, IReadOnlyList<A2APushConfig> configs, A2APushConfig adding) =>
        configs.Count(c => c.Id != adding.Id) >= MaxPushConfigsPerTask
            ? throw A2AException.InvalidParams($"Task '{taskId}' already has {MaxPushConfigsPerTask} push notification configs, the most a task may have: delete one (DeleteTaskPushNotificationConfig) or replace one by giving its id.")
            : adding;

    /// <summary>The push configs of a task.</summary>
    public async Task<IReadOnlyList<A2APushConfig>> ListPushConfigsAsync(string owner, string taskId, CancellationToken cancellationToken) =>
        (await GetAsync(owner, taskId, cancellationToken).ConfigureAwait(false)).PushConfigs;

    /// <summary>Removes a push config; a config the task does not have is an invalid-params error.</summary>
    public Task<A2APushConfig> DeletePushConfigAsync(string owner, string taskId, string configId, CancellationToken cancellationToken) =>
        ChangePushConfigsAsync(owner, taskId, configs => [.. configs.Where(c => c.Id != configId)], configs => configs.FirstOrDefault(c => c.Id == configId) ?? throw MissingConfig(taskId, configId, configs), cancellationToken);

    /// <summary>One push config of a task.</summary>
    public async Task<A2APushConfig> GetPushConfigAsync(string owner, string taskId, string? configId, CancellationToken cancellationToken)
    {
        var configs = await ListPushConfigsAsync(owner, taskId, cancellationToken).ConfigureAwait(false);
        return (configId is null ? configs.FirstOrDefault() : configs.FirstOrDefault(c => c.Id == configId)) ?? throw MissingConfig(taskId, configId, configs);
    }

    private static A2AException MissingConfig(string taskId, string? configId, IReadOnlyList<A2APushConfig> configs) =>
        A2AException.InvalidParams(configId is null
            ? $"Task '{taskId}' has no push notification config: create one first."
            : $"Task '{taskId}' has no push notification config '{configId}'; its configs are: {(configs.Count == 0 ? "none" : string.Join(", ", configs.Select(c => c.Id)))}.");

    private async Task<A2APushConfig> ChangePushConfigsAsync(string owner, string taskId, Func<IReadOnlyList<A2APushConfig>, IReadOnlyList<A2APushConfig>> change, Func<IReadOnlyList<A2APushConfig>, A2APushConfig> result, CancellationToken cancellationToken)
    {
        await GetAsync(owner, taskId, cancellationToken).ConfigureAwait(false);
        await _configLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_running.TryGetValue(taskId, out var run))
            {
                var answer = result(run.Current.PushConfigs);
                await run.ApplyAsync(_store, t => (t with { PushConfigs = change(t.PushConfigs) }, null)).ConfigureAwait(false);
                return answer;
            }

            // Not running: the stored task is final, so nothing else writes it now.
            var task = await _store.GetAsync(taskId, cancellationToken).ConfigureAwait(false) ?? throw A2AException.TaskNotFound(taskId);
            var found = result(task.PushConfigs);
            await _store.SaveAsync(task with { PushConfigs = change(task.PushConfigs) }, flush: true, cancellationToken).ConfigureAwait(false);
            return found;
        }
        finally
        {
            _configLock.Release();
        }
    }

    private async Task RunAsync(RunningTask run, MemoryPrincipal principal, A2AMessage message)
    {
        var context = new A2ATaskContext(
            run.Current,
            message,
            principal,
            text => SetStatusAsync(run, A2ATaskState.Working, AgentText(run.Current, text)),
            artifact => run.ApplyAsync(_store, t => (t with { Artifacts = [.. t.Artifacts, artifact] }, new A2ATaskEvent.ArtifactUpdate(t.Id, t.ContextId, artifact))));
        try
        {
            await SetStatusAsync(run, A2ATaskState.Working, null).ConfigureAwait(false);
            var reply = await _agent.ExecuteAsync(context, run.Cancellation.Token).ConfigureAwait(false);
            await SetStatusAsync(run, context.InputRequested ? A2ATaskState.InputRequired : A2ATaskState.Completed, reply).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (run.Cancellation.IsCancellationRequested && _stopping)
        {
            var note = context.LastProgress is { } progress ? $" Progress when it stopped: {progress}." : "";
            await SetStatusAsync(run, A2ATaskState.Failed, AgentText(run.Current, $"The server stopped while this task ran, so it did not finish.{note} Send the message again to start a new task.")).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (run.Cancellation.IsCancellationRequested)
        {
            var note = context.LastProgress is { } progress ? $" Progress when it stopped: {progress}." : "";
            await SetStatusAsync(run, A2ATaskState.Canceled, AgentText(run.Current, $"Canceled at the client's request.{note}")).ConfigureAwait(false);
        }
        catch (Exception e) when (e is McpMemoryException or A2AException)
        {
            await SetStatusAsync(run, A2ATaskState.Failed, AgentText(run.Current, e.Message)).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A task's failure is reported in the task; it must never take the process down.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogTaskFailed(_logger, run.Current.Id, e);
            await SetStatusAsync(run, A2ATaskState.Failed, AgentText(run.Current, $"The agent failed with an internal error ({e.GetType().Name}); the server log has the details.")).ConfigureAwait(false);
        }
        finally
        {
            _running.TryRemove(run.Current.Id, out _);
            run.Finished.TrySetResult();
            run.Cancellation.Dispose();
        }
    }

    private Task SetStatusAsync(RunningTask run, A2ATaskState state, A2AMessage? message) =>
        run.ApplyAsync(_store, t =>
        {
            var status = new A2ATaskStatus { State = state, Message = message, Timestamp = _time.GetUtcNow() };
            var history = message is not null && state.EndsTurn() ? [.. t.History, message] : t.History;
            var runner = state.EndsTurn() ? null : t.Runner;
            return (t with { Status = status, History = history, Runner = runner }, new A2ATaskEvent.StatusUpdate(t.Id, t.ContextId, status));
        });

    // Tasks that a stopped process left unfinished; a task that waits for input is not running anywhere, and stays.
    private async Task SettleInterruptedAsync()
    {
        foreach (var task in await _store.ListUnfinishedAsync().ConfigureAwait(false))
        {
            try
            {
                await SettleIfOrphanedAsync(task).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                // Settled again when the task is next read; one bad file must not stop the A2A service.
                LogSettleFailed(_logger, task.Id, e.Message);
            }
        }
    }

    private bool IsOrphaned(A2ATask task) =>
        !task.Status.State.EndsTurn() && !_running.ContainsKey(task.Id) && !_runners.IsAlive(task.Runner);

    private async Task<A2ATask> SettleIfOrphanedAsync(A2ATask task) =>
        IsOrphaned(task)
            ? await EndAsync(task, A2ATaskState.Failed, "The server stopped while this task ran, so it did not finish. Send the message again to start a new task.").ConfigureAwait(false)
            : task;

    // Ends a task that no process runs, and tells its webhooks.
    private async Task<A2ATask> EndAsync(A2ATask task, A2ATaskState state, string text)
    {
        var message = AgentText(task, text);
        var status = new A2ATaskStatus { State = state, Message = message, Timestamp = _time.GetUtcNow() };
        var ended = task with { Status = status, History = [.. task.History, message], Runner = null };
        await _store.SaveAsync(ended, flush: true).ConfigureAwait(false);
        _push.Notify(ended, new A2ATaskEvent.StatusUpdate(task.Id, task.ContextId, status));
        return ended;
    }

    private static A2AMessage AgentText(A2ATask task, string text) => new()
    {
        MessageId = Guid.NewGuid().ToString("N"),
        ContextId = task.ContextId,
        TaskId = task.Id,
        Role = A2AMessage.AgentRole,
        Parts = [A2APart.FromText(text)],
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not mark the A2A task {TaskId} failed, whose process is gone: {Reason}")]
    private static partial void LogSettleFailed(ILogger logger, string taskId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "A2A task {TaskId} failed")]
    private static partial void LogTaskFailed(ILogger logger, string taskId, Exception exception);
}
