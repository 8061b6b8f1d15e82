using System.ComponentModel;
using System.Diagnostics;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpMemory.A2A.Client;
using McpMemory.A2A.Protocol;
using McpMemory.Core;
using McpMemory.Core.Episodic;
using McpMemory.Core.Identity;
using McpMemory.Mcp.Episodic;
using McpMemory.Mcp.Identity;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpMemory.Mcp.Agents;

/// <summary>
/// The agents tools: register other A2A agents by their agent card, list them with their load, send one of them a
/// message, or fan sub-tasks out over them by skill; answers can be written into a namespace so that this memory is
/// the group's shared memory.
/// </summary>
[McpServerToolType]
public sealed class AgentTools(AgentDirectory agents, EpisodicMemory episodes, PrincipalResolver principals, IOptions<McpMemoryOptions> options)
{
    private const string TimeoutHelp = "Seconds to wait for the agent, 1-3600 (default 120); past it the call fails, and an agent that streams is asked to cancel the task it started.";
    private const string WriteHelp = "Write each completed answer as an episode (speaker: the agent) into this namespace, so other agents reading it share the result; needs write access. Leave out to write nothing.";

    /// <summary>agent_register.</summary>
    [McpServerTool(Name = "agent_register", Title = "Register an A2A agent", Idempotent = true, Destructive = false, ReadOnly = false, OpenWorld = true, UseStructuredContent = true)]
    [Description("Register another A2A agent by the URL of its agent card (or its base URL, which gets /.well-known/agent-card.json). The card is fetched and read (A2A 1.0 or 0.3; JSON-RPC is used when it offers it, else its HTTP+JSON (REST) interface); " +
        "the agent is remembered under its card's name in the data directory, across restarts, for the calling principal only (each principal has its own agents). Registering the same card URL again refreshes its card; a card from another URL that gives a name already registered is refused unless replace=true. Only http and https URLs are accepted.")]
    public Task<AgentRegisterResult> RegisterAsync(
        [Description("The agent card's URL, such as http://127.0.0.1:9000/.well-known/agent-card.json, or the agent's base URL.")] string url,
        [Description("How many tasks the agent may have in flight at once from this server, 1-10000 (default 4); agent_fan_out sends to the least loaded agents and waits while all of them are full.")] int capacity = 4,
        [Description("Seconds to wait for the card, 1-3600 (default 30).")] int timeout_seconds = 30,
        [Description("Let this card replace an agent of the same name registered from another URL (default false: refused, since a card names itself).")] bool replace = false,
        [Description("A bearer token to send to the agent (Authorization: Bearer), needed when its card asks for credentials. Kept in DATA_DIR/agents/peers.json, readable by this user only; never shown. Leave out when refreshing to keep the one given before.")] string? token = null,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default) =>
        EpisodicTools.Guard(async () =>
        {
            var owner = principals.Resolve(user).Name;
            var (peer, added) = await agents.RegisterAsync(owner, url, capacity, Timeout(timeout_seconds), cancellationToken, replace, token).ConfigureAwait(false);
            return new AgentRegisterResult(added ? "added" : "updated", agents.View(owner, peer.Name));
        });

    /// <summary>agent_list.</summary>
    [McpServerTool(Name = "agent_list", Title = "List registered A2A agents", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("List the registered A2A agents by name: card and endpoint URLs, the binding (JSONRPC or HTTP+JSON) and A2A version spoken with each, skills, when each last answered, how many tasks it has in flight from this server, and its capacity.")]
    public AgentListResult List(ClaimsPrincipal? user = null) => new(agents.List(principals.Resolve(user).Name));

    /// <summary>agent_remove.</summary>
    [McpServerTool(Name = "agent_remove", Title = "Remove a registered A2A agent", Idempotent = true, Destructive = true, ReadOnly = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Forget a registered A2A agent by name, for the calling principal: it is no longer listed, sent to, or chosen by agent_fan_out. Tasks already sent to it go on at the agent and are not canceled. agent_register with its card URL brings it back.")]
    public Task<AgentRemoveResult> RemoveAsync(
        [Description("The agent's name, as agent_list shows it.")] string agent,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default) =>
        EpisodicTools.Guard(async () => new AgentRemoveResult("removed", await agents.RemoveAsync(principals.Resolve(user).Name, agent, cancellationToken).ConfigureAwait(false)));

    /// <summary>agent_send.</summary>
    [McpServerTool(Name = "agent_send", Title = "Send a message to an A2A agent", Idempotent = false, Destructive = false, ReadOnly = false, OpenWorld = true, UseStructuredContent = true)]
    [Description("Send a message (text and/or JSON data) to one registered A2A agent and wait for its task to end; returns the final state, the answer's text and artifacts. " +
        "With stream=true (agents that stream) each update is relayed as an MCP progress notification while it works. Cancelling this call, or running out of time, asks an agent that streams to cancel its task. " +
        "A failed or rejected task is returned with its state and the agent's message, not as an error; an agent that cannot be reached or answers an error is an error naming it. " +
        "An agent that needs more input ends its turn with state 'input-required' and its question in status_message; its task stays open: answer it with another agent_send giving that task_id (and context_id).")]
    public Task<AgentSendResult> SendAsync(
        RequestContext<CallToolRequestParams> request,
        [Description("The agent's name, as agent_list shows it.")] string agent,
        [Description("What the agent should do, as text.")] string? text = null,
        [Description("Optional structured input, a JSON object sent as a data part.")] JsonElement? data = null,
        [Description("Stream the agent's updates as progress notifications (default false: one blocking call).")] bool stream = false,
        [Description(TimeoutHelp)] int timeout_seconds = 120,
        [Description(WriteHelp)] string? write_namespace = null,
        [Description("Continue this task of the agent: the task_id an earlier agent_send returned with state 'input-required' (or 'auth-required'); the message is the answer to its question. Leave out to start a new task.")] string? task_id = null,
        [Description("The conversation the message belongs to: the context_id an earlier agent_send returned. Optional with task_id (the agent knows its task's conversation); alone, it starts a new task in that conversation.")] string? context_id = null,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default) =>
        EpisodicTools.Guard(async () =>
        {
            var message = AgentDirectory.Message(text, data, Id(task_id, "task_id"), Id(context_id, "context_id"));
            var timeout = Timeout(timeout_seconds);
            var principal = principals.Resolve(user);
            var ns = write_namespace is null ? null : principal.ResolveNamespace(write_namespace, NamespaceAccess.Write);
            var progress = new AgentProgress(request);
            AgentExchange exchange;
            using (var lease = agents.Lease(principal.Name, agent))
            {
                try
                {
                    exchange = await agents.SendAsync(lease, message, stream, timeout, (update, count) => progress.Report(count, null, Describe(lease.Peer.Name, update)), cancellationToken).ConfigureAwait(false);
                }
                catch (A2AClientException ex) when (message.TaskId is not null)
                {
                    throw new McpMemoryException(McpMemoryErrorCodes.Unavailable, $"{ex.Message} (task_id '{message.TaskId}' must name a task of '{lease.Peer.Name}' that waits for input, as agent_send returned it with state input-required; leave task_id out to start a new task.)");
                }
                catch (A2AClientException ex)
                {
                    throw new McpMemoryException(McpMemoryErrorCodes.Unavailable, ex.Message);
                }
            }

            await progress.FlushAsync().ConfigureAwait(false);
            var written = ns is not null && exchange.Succeeded ? await WriteAsync(principal, ns, exchange, null, cancellationToken).ConfigureAwait(false) : [];
            return new AgentSendResult(exchange.Agent, exchange.TaskId, exchange.ContextId, exchange.State, exchange.Text, exchange.StatusMessage, exchange.Artifacts, exchange.Updates, written, written.Count > 0 ? ns : null);
        });

    /// <summary>agent_fan_out.</summary>
    [McpServerTool(Name = "agent_fan_out", Title = "Fan sub-tasks out over A2A agents", Idempotent = false, Destructive = false, ReadOnly = false, OpenWorld = true, UseStructuredContent = true)]
    [Description("Run a list of sub-tasks on the registered A2A agents, in parallel. Each goes to the least loaded agent (in flight / capacity) that has its skill; " +
        "when that agent fails (a failed or rejected task, an error, no answer in time) it is retried on another agent with the skill, up to max_attempts. " +
        "A sub-task whose agent asks for more input (input-required, auth-required) is not retried elsewhere, since the sub-task itself lacks what it asked for: it fails as 'input-required: <question>' " +
        "with the agent, task_id and context_id, and the agent's task is left open so that agent_send with that task_id can answer it. " +
        "Returns every sub-task's answer in the order given; when some fail the others are still returned (partial=true) and 'failures' names each failed sub-task and why. " +
        "Progress notifications report each sub-task as it ends.")]
    public Task<AgentFanOutResult> FanOutAsync(
        RequestContext<CallToolRequestParams> request,
        [Description("The sub-tasks, 1-100: each {skill, text, data}.")] IReadOnlyList<AgentSubtaskInput> tasks,
        [Description("The most agents one sub-task is tried on, 1-10 (default 3).")] int max_attempts = 3,
        [Description("Seconds to wait for each try, 1-3600 (default 120).")] int timeout_seconds = 120,
        [Description(WriteHelp)] string? write_namespace = null,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default) =>
        EpisodicTools.Guard(async () =>
        {
            if (tasks is null || tasks.Count is 0 or > 100)
            {
                throw new McpMemoryException(McpMemoryErrorCodes.InvalidArgument, $"'tasks' has {tasks?.Count ?? 0} sub-tasks: give 1-100, each {{\"skill\": \"summarize\", \"text\": \"...\"}}.");
            }

            if (max_attempts is < 1 or > 10)
            {
                throw new McpMemoryException(McpMemoryErrorCodes.InvalidArgument, $"'max_attempts' is {max_attempts}: give 1-10.");
            }

            var principal = principals.Resolve(user);
            var messages = new A2AMessage[tasks.Count];
            for (var i = 0; i < tasks.Count; i++)
            {
                if (string.IsNullOrWhiteSpace(tasks[i]?.Skill))
                {
                    throw new McpMemoryException(McpMemoryErrorCodes.InvalidArgument, $"tasks[{i}] has no 'skill': name the skill it needs; the registered agents offer {agents.DescribeSkills(principal.Name)}.");
                }

                // The skill travels in metadata.skill too, so an agent with several skills knows which one is meant.
                messages[i] = AgentDirectory.Message(tasks[i].Text, tasks[i].Data, prefix: $"tasks[{i}].") with { Metadata = SkillMetadata(tasks[i].Skill!.Trim()) };
            }

            var timeout = Timeout(timeout_seconds);
            var ns = write_namespace is null ? null : principal.ResolveNamespace(write_namespace, NamespaceAccess.Write);
            var progress = new AgentProgress(request);
            var clock = Stopwatch.StartNew();
            var done = 0;

            // Each sub-task takes its first agent before the next starts (an async method runs synchronously up to its
            // first await), so the load they see builds up in the order given.
            var running = new Task<AgentSubtaskResult>[tasks.Count];
            for (var i = 0; i < tasks.Count; i++)
            {
                running[i] = RunSubtaskAsync(i, tasks[i].Skill!.Trim(), messages[i]);
            }

            var results = await Task.WhenAll(running).ConfigureAwait(false);
            await progress.FlushAsync().ConfigureAwait(false);
            var failures = results.Where(r => r.State != "completed").Select(r => $"tasks[{r.Index}] ({r.Skill}): {r.Error}").ToList();
            var completed = results.Length - failures.Count;
            return new AgentFanOutResult(results, completed, failures.Count, completed > 0 && failures.Count > 0, failures, ns is not null && results.Any(r => r.WrittenIds.Count > 0) ? ns : null, clock.ElapsedMilliseconds);

            async Task<AgentSubtaskResult> RunSubtaskAsync(int index, string skill, A2AMessage message)
            {
                var attempts = new List<AgentAttemptView>();
                var tried = new List<string>();
                AgentSubtaskResult result;
                while (true)
                {
                    var lease = attempts.Count < max_attempts ? await agents.LeaseForAsync(principal.Name, skill, tried, cancellationToken).ConfigureAwait(false) : null;
                    if (lease is null)
                    {
                        var why = attempts.Count == 0
                            ? $"no registered agent has the skill '{skill}'; the agents offer {agents.DescribeSkills(principal.Name)}"
                            : $"every agent tried failed: {string.Join("; ", attempts.Select(a => $"{a.Agent}: {a.Error}"))}";
                        result = new AgentSubtaskResult(index, skill, "failed", null, null, null, "", why, attempts, []);
                        break;
                    }

                    tried.Add(lease.Peer.Name);
                    AgentExchange? exchange = null;
                    string? error = null;
                    using (lease)
                    {
                        try
                        {
                            exchange = await agents.SendAsync(lease, message with { MessageId = Guid.NewGuid().ToString("N") }, stream: false, timeout, null, cancellationToken).ConfigureAwait(false);
                        }
                        catch (A2AClientException ex)
                        {
                            error = ex.Message;
                        }
                        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                        {
                            // Whatever one try hits (a peer that dies mid-answer, a broken file), the other sub-tasks go on.
                            error = $"{ex.GetType().Name}: {ex.Message}";
                        }
                    }

                    if (exchange is { Succeeded: true })
                    {
                        attempts.Add(new AgentAttemptView(exchange.Agent, exchange.State, null));
                        var written = ns is not null ? await WriteAsync(principal, ns, exchange, skill, cancellationToken).ConfigureAwait(false) : [];
                        result = new AgentSubtaskResult(index, skill, "completed", exchange.Agent, exchange.TaskId, exchange.ContextId, exchange.Text, null, attempts, written);
                        break;
                    }

                    if (exchange is { WaitsForInput: true })
                    {
                        // The agent asks for what the sub-task lacks; another agent would lack it too. Its task stays
                        // open for an answer through agent_send.
                        var asked = $"{exchange.State}: {(exchange.StatusMessage is { Length: > 0 } question ? question : "(no question given)")}";
                        attempts.Add(new AgentAttemptView(exchange.Agent, exchange.State, asked));
                        result = new AgentSubtaskResult(index, skill, "failed", exchange.Agent, exchange.TaskId, exchange.ContextId, "", asked, attempts, []);
                        break;
                    }

                    attempts.Add(exchange is not null
                        ? new AgentAttemptView(exchange.Agent, exchange.State, $"its task ended {exchange.State}{(exchange.StatusMessage is { Length: > 0 } said ? $": {said}" : "")}")
                        : new AgentAttemptView(lease.Peer.Name, "error", error));
                }

                var count = Interlocked.Increment(ref done);
                progress.Report(count, tasks.Count, $"tasks[{index}] ({skill}) {result.State}{(result.Agent is { } by ? $" by {by}" : "")}");
                return result;
            }
        });

    private async Task<IReadOnlyList<string>> WriteAsync(MemoryPrincipal principal, string ns, AgentExchange exchange, string? skill, CancellationToken cancellationToken)
    {
        var metadata = JsonDocument.Parse(new JsonObject
        {
            ["source"] = "a2a",
            ["agent"] = exchange.Agent,
            ["task_id"] = exchange.TaskId,
            ["skill"] = skill,
        }.ToJsonString()).RootElement.Clone();
        var input = new EpisodeInput
        {
            Text = Fit(exchange.Text.Length > 0 ? exchange.Text : $"{exchange.Agent} ended its task {exchange.State}", exchange.TaskId),
            Speaker = exchange.Agent,
            Role = "agent",
            ConversationId = exchange.ContextId,
            Metadata = metadata,
        };
        var (_, outcomes) = await episodes.AddAsync(principal, ns, [input], null, cancellationToken).ConfigureAwait(false);
        return [.. outcomes.Select(o => o.Id)];
    }

    // An answer longer than an episode may be is cut at the limit (on a character boundary), saying where the rest is.
    private string Fit(string text, string? taskId)
    {
        var limit = options.Value.Limits.MaxTextBytes;
        if (System.Text.Encoding.UTF8.GetByteCount(text) <= limit)
        {
            return text;
        }

        var note = $" [cut at {limit} bytes; the whole answer is in the agent's task {taskId ?? "(no id)"}]";
        var room = limit - System.Text.Encoding.UTF8.GetByteCount(note);
        var end = 0;
        var bytes = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (bytes + rune.Utf8SequenceLength > room)
            {
                break;
            }

            bytes += rune.Utf8SequenceLength;
            end += rune.Utf16SequenceLength;
        }

        return text[..end] + note;
    }

    private static JsonElement SkillMetadata(string skill) =>
        JsonDocument.Parse(new JsonObject { ["skill"] = skill }.ToJsonString()).RootElement.Clone();

    private static string Describe(string agent, A2APeerEvent update)
    {
        if (update.Artifact is { } artifact)
        {
            return $"{agent} task {update.TaskId}: artifact {artifact.Name ?? artifact.ArtifactId}";
        }

        var state = update.State is { } s ? A2ATaskStates.Format(s, A2AFamily.V03) : "message";
        var said = (update.Status?.Message ?? update.Task?.Status.Message ?? update.Message)?.Parts.FirstOrDefault(p => p.Kind == A2APartKind.Text)?.Text;
        var task = update.TaskId is { } id ? $" task {id}" : "";
        return said is null ? $"{agent}{task}: {state}" : $"{agent}{task}: {state}: {said}";
    }

    // An optional id: null when left out; blank is refused, since it would silently start a new task.
    private static string? Id(string? value, string name) => value is null
        ? null
        : string.IsNullOrWhiteSpace(value)
            ? throw new McpMemoryException(McpMemoryErrorCodes.InvalidArgument, $"'{name}' is blank: give the {name} an earlier agent_send returned, or leave it out.")
            : value.Trim();

    private static TimeSpan Timeout(int seconds) => seconds is >= 1 and <= 3600
        ? TimeSpan.FromSeconds(seconds)
        : throw new McpMemoryException(McpMemoryErrorCodes.InvalidArgument, $"'timeout_seconds' is {seconds}: give 1-3600.");
}
