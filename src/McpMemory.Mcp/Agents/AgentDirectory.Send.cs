using System.Text.Json;
using McpMemory.A2A.Client;
using McpMemory.A2A.Protocol;

namespace McpMemory.Mcp.Agents;

public sealed partial class AgentDirectory
{
    private static readonly TimeSpan CancelTimeout = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Sends <paramref name="message"/> to the leased peer and waits for the end of its turn: a terminal state, or a
    /// task that waits for input (<c>input-required</c>, <c>auth-required</c>), which is a normal end of a turn and
    /// is left open for a follow-up message with its task id. A peer that streams is always called with a stream, so
    /// that its task id is known from the first event; with <paramref name="stream"/> each event is handed to
    /// <paramref name="onEvent"/> with the running count. A peer that does not stream gets one blocking call. When
    /// the caller cancels, or the time runs out, while the peer's named task is still running, the peer is asked to
    /// cancel that task (and a timeout's error says so). A peer that cannot be reached or answers an error throws
    /// <see cref="A2AClientException"/>.
    /// </summary>
    public async Task<AgentExchange> SendAsync(AgentLease lease, A2AMessage message, bool stream, TimeSpan timeout, Action<A2APeerEvent, int>? onEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(message);
        var card = lease.Peer.ToCard();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        string? taskId = null;
        // A follow-up names its conversation; a peer's task or status message may name it too.
        var contextId = message.ContextId;
        A2ATaskStatus? status = null;
        A2AMessage? reply = null;
        List<A2AArtifact> artifacts = [];
        var updates = 0;

        // A stream that continues a task may open with the task's snapshot, still in the state that asked for input:
        // the task is running again until the peer says otherwise.
        var resumed = false;

        void Apply(A2APeerEvent update, bool first)
        {
            taskId ??= update.TaskId;
            resumed = first && message.TaskId is not null && update.Task is { } snapshot && !snapshot.Status.State.IsTerminal();
            if (update.Task is { } task)
            {
                contextId = task.ContextId is { Length: > 0 } named ? named : contextId;
                status = task.Status;
                if (task.Artifacts.Count > 0 || artifacts.Count == 0)
                {
                    artifacts = [.. task.Artifacts];
                }
            }

            status = update.Status ?? status;
            contextId ??= update.Status?.Message?.ContextId;
            if (update.Artifact is { } artifact)
            {
                artifacts.Add(artifact);
            }

            if (update.Message is { } answer)
            {
                reply = answer;
                contextId ??= answer.ContextId;
            }
        }

        try
        {
            if (card.Streaming)
            {
                await foreach (var update in Client.StreamMessageAsync(card, message, timeout, cancellationToken).ConfigureAwait(false))
                {
                    Apply(update, first: updates == 0);
                    updates++;
                    if (stream)
                    {
                        onEvent?.Invoke(update, updates);
                    }
                }
            }
            else
            {
                Apply(await Client.SendMessageAsync(card, message, timeout, cancellationToken).ConfigureAwait(false), first: false);
            }

            if (taskId is not null && reply is null && (resumed || Running(status)))
            {
                // The answer ended before the task's turn did (a stream the peer closed early, a blocking call answered
                // at once): follow the task until it ends or asks for input, within the time left.
                resumed = false;
                await FollowAsync(card, taskId, clock, timeout, task => Apply(new A2APeerEvent { Task = task, TaskId = task.Id }, first: false), () => Running(status), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (taskId is not null && (resumed || Running(status)))
        {
            await CancelQuietlyAsync(card, taskId).ConfigureAwait(false);
            throw;
        }
        catch (A2AClientException ex) when (taskId is not null && (resumed || Running(status)))
        {
            var canceled = await CancelQuietlyAsync(card, taskId).ConfigureAwait(false);
            throw new A2AClientException(ex.Peer, ex.Operation, $"{ex.Detail} Its task {taskId} {(canceled ? "was asked to cancel" : "could not be asked to cancel")}.", ex.Code, ex);
        }

        await MarkSeenAsync(lease.Peer, CancellationToken.None).ConfigureAwait(false);
        var views = artifacts.Select(View).ToList();
        var text = views.Count > 0 ? string.Join("\n", views.Select(v => v.Text).Where(t => t.Length > 0)) : reply is not null ? TextOf(reply.Parts) : "";
        var state = reply is not null && status is null ? "message" : A2ATaskStates.Format(status?.State ?? A2ATaskState.Unspecified, A2AFamily.V03);
        var said = status?.Message is { } statusMessage ? TextOf(statusMessage.Parts) : null;
        return new AgentExchange(lease.Peer.Name, taskId, contextId, state, text, said, views, stream ? updates : 0);
    }

    // Polls the task (every half second, then every two) until running() is false or the time is up.
    private async Task FollowAsync(A2AAgentCard card, string taskId, System.Diagnostics.Stopwatch clock, TimeSpan timeout, Action<A2ATask> apply, Func<bool> running, CancellationToken cancellationToken)
    {
        for (var poll = 0; running(); poll++)
        {
            var left = timeout - clock.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                throw new A2AClientException(card.Name, "GetTask", $"its task {taskId} did not end within {timeout.TotalSeconds:0.###} s (its answer stream closed before the task ended); give it more time (a longer timeout) or check on the peer.");
            }

            await Task.Delay(poll < 10 ? TimeSpan.FromMilliseconds(500) : TimeSpan.FromSeconds(2) < left ? TimeSpan.FromSeconds(2) : left, cancellationToken).ConfigureAwait(false);
            apply(await Client.GetTaskAsync(card, taskId, timeout - clock.Elapsed > TimeSpan.FromSeconds(1) ? timeout - clock.Elapsed : TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false));
        }
    }

    // A task that has ended, or waits for input, is no longer running: nothing of it is canceled.
    private static bool Running(A2ATaskStatus? status) =>
        status?.State is not { } state || !(state.IsTerminal() || state is A2ATaskState.InputRequired or A2ATaskState.AuthRequired);

    // Best effort: the caller's own cancellation or timeout is what is reported, not a failure to cancel.
    private async Task<bool> CancelQuietlyAsync(A2AAgentCard card, string taskId)
    {
        try
        {
            await Client.CancelTaskAsync(card, taskId, CancelTimeout, CancellationToken.None).ConfigureAwait(false);
            return true;
        }
        catch (A2AClientException ex)
        {
            _ = ex;
            return false;
        }
    }

    private static AgentArtifactView View(A2AArtifact artifact) =>
        new(artifact.Name, TextOf(artifact.Parts), [.. artifact.Parts.Where(p => p.Kind == A2APartKind.Data && p.Data is not null).Select(p => p.Data!.Value)]);

    private static string TextOf(IEnumerable<A2APart> parts) =>
        string.Join("\n", parts.Where(p => p.Kind == A2APartKind.Text && !string.IsNullOrEmpty(p.Text)).Select(p => p.Text));

    /// <summary>
    /// A user message of <paramref name="text"/> and optional <paramref name="data"/>; with <paramref name="taskId"/>
    /// it continues that task of the peer (the answer to its question), with <paramref name="contextId"/> it belongs
    /// to that conversation.
    /// </summary>
    public static A2AMessage Message(string? text, JsonElement? data, string? taskId = null, string? contextId = null, string prefix = "")
    {
        List<A2APart> parts = [];
        if (!string.IsNullOrWhiteSpace(text))
        {
            parts.Add(A2APart.FromText(text));
        }

        if (data is { ValueKind: not (JsonValueKind.Undefined or JsonValueKind.Null) } json)
        {
            // An A2A data part holds an object.
            parts.Add(json.ValueKind == JsonValueKind.Object
                ? A2APart.FromData(json.Clone())
                : throw new Core.McpMemoryException(Core.McpMemoryErrorCodes.InvalidArgument, $"'{prefix}data' is {A2AWire.Describe(json)}: give a JSON object, such as {{\"query\": \"...\"}}, or put a list inside one."));
        }

        return parts.Count == 0
            ? throw new Core.McpMemoryException(Core.McpMemoryErrorCodes.InvalidArgument, $"Nothing to send{(prefix.Length > 0 ? " in " + prefix.TrimEnd('.') : "")}: give '{prefix}text' (what the agent should do) and/or '{prefix}data' (a JSON object).")
            : new A2AMessage { MessageId = Guid.NewGuid().ToString("N"), Role = A2AMessage.UserRole, Parts = parts, TaskId = taskId, ContextId = contextId };
    }
}
