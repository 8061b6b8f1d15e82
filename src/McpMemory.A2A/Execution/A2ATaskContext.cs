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

    /// <summary>The task as it was created.</summary>
    public A2ATask Task { get; }

    /// <summary>The message that started it.</summary>
    public A2AMessage Message { get; }

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
