using McpMemory.A2A.Protocol;

namespace McpMemory.A2A.Tasks;

/// <summary>Where A2A tasks are kept. The default keeps one JSON file a task under the data directory; register another before <c>AddA2AServer</c> to replace it.</summary>
public interface ITaskStore
{
    /// <summary>The task with id <paramref name="id"/>, or null.</summary>
    Task<A2ATask?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes <paramref name="task"/> (creating or replacing it); with <paramref name="flush"/> it is on disk before this
    /// returns. The task manager flushes what a client has been told (a task id it was given, a turn that ended, a
    /// push config); the steps in between need not be, since a task that was running when the machine stopped is
    /// marked failed in any case.
    /// </summary>
    Task SaveAsync(A2ATask task, bool flush, CancellationToken cancellationToken = default);

    /// <summary>Every task of <paramref name="owner"/>, most recently updated first.</summary>
    Task<IReadOnlyList<A2ATask>> ListAsync(string owner, CancellationToken cancellationToken = default);

    /// <summary>Every task not in a terminal state (to settle those a stopped process left behind).</summary>
    Task<IReadOnlyList<A2ATask>> ListUnfinishedAsync(CancellationToken cancellationToken = default);
}
