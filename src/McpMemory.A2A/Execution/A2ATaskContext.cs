using McpMemory.A2A.Protocol;
using McpMemory.Core.Identity;

namespace McpMemory.A2A.Execution;

/// <summary>What an <see cref="IA2AAgent"/> sees of the task it runs, and how it reports back.</summary>
public sealed class A2ATaskContext
{
    private readonly Func<string, Task> _report;
    private readonly Func<A2AArtifact, Task> _addArtifact;

    internal A2ATaskContext(A2ATask task, A2AMessage message, MemoryPrincipal principal, Func<string, Task> report, Func<A2AArtifact, Task> addArtifact)
    {
        Task = task;
        Message = message;
        Principal = principal;
        _report = report;
        _addArtifact = addArtifact;
    }

    /// <summary>
    /// The task as it stood when this turn began. Its history holds every earlier message: in a task that continues
    /// after input-required, the first request, the agent's question and the client's reply.
    /// </summary>
    public A2ATask Task { get; }

    /// <summary>The message this turn answers: the one that started the task, or the client's reply to a question.</summary>
    public A2AMessage Message { get; }

    /// <summary>True once <see cref="AskForInput"/> was called: the task then waits in input-required, not completed.</summary>
    public bool InputRequested { get; private set; }

    /// <summary>Who sent it; the memory is used with this principal's namespaces.</summary>
    public MemoryPrincipal Principal { get; }

    /// <summary>The last progress reported, used in the final message when the task is cancelled.</summary>
    public string? LastProgress { get; private set; }

    /// <summary>Sends a working status with <paramref name="text"/> to subscribers and stores it.</summary>
    public Task ReportAsync(string text)
    {
        LastProgress = text;
        return _report(text);
    }

    /// <summary>Adds an artifact to the task, stores it and streams it to subscribers.</summary>
    public Task AddArtifactAsync(A2AArtifact artifact) => _addArtifact(artifact);

    /// <summary>
    /// Ends this turn with a question instead of an answer: return its result from <see cref="IA2AAgent.ExecuteAsync"/>
    /// and the task waits in input-required, until the client sends a message with this task's id.
    /// </summary>
    public A2AMessage AskForInput(string question)
    {
        InputRequested = true;
        return AgentMessage(A2APart.FromText(question));
    }

    /// <summary>A message from the agent in this task.</summary>
    public A2AMessage AgentMessage(params A2APart[] parts) => new()
    {
        MessageId = Guid.NewGuid().ToString("N"),
        ContextId = Task.ContextId,
        TaskId = Task.Id,
        Role = A2AMessage.AgentRole,
        Parts = parts,
    };
}
