using McpMemory.A2A.Protocol;

namespace McpMemory.A2A.Tasks;

/// <summary>Where A2A tasks are kept. The default keeps one JSON file a task under the data directory; register another before <c>AddA2AServer</c> to replace it.</summary>
public interface ITaskStore
{
    /// <summary>The task with id <paramref name="id"/>, or null.</summary>
    Task<A2ATask?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Writes <paramref name="task"/> durably (creating or replacing it).</summary>
    Task SaveAsync(A2ATask task, CancellationToken cancellationToken = default);

    /// <summary>Every task of <paramref name="owner"/>, most recently updated first.</summary>
    Task<IReadOnlyList<A2ATask>> ListAsync(string owner, CancellationToken cancellationToken = default);

    /// <summary>Every task not in a terminal state (to settle those a stopped process left behind).</summary>
    Task<IReadOnlyList<A2ATask>> ListUnfinishedAsync(CancellationToken cancellationToken = default);
}
