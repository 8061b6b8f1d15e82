using McpMemory.A2A.Protocol;

namespace McpMemory.A2A.Execution;

/// <summary>Does the work of A2A tasks. The default backs its skills by the memory; register another to replace it.</summary>
public interface IA2AAgent
{
    /// <summary>The skills published on the agent card.</summary>
    IReadOnlyList<A2ASkill> Skills { get; }

    /// <summary>Checks a message before a task is created for it; throws <see cref="A2AException"/> when it cannot be served.</summary>
    void Validate(A2AMessage message);

    /// <summary>Runs the task: reports progress and adds artifacts through <paramref name="context"/>, and returns the final message.</summary>
    Task<A2AMessage?> ExecuteAsync(A2ATaskContext context, CancellationToken cancellationToken);
}
