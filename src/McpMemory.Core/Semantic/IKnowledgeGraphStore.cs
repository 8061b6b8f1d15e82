namespace McpMemory.Core.Semantic;

/// <summary>
/// Durable knowledge graphs, one per namespace. Every request is applied atomically: a write is valid as a whole and
/// durable when this returns, or it changes nothing and throws <see cref="McpMemoryException"/> naming the bad item.
/// Writes are visible to the very next call, from any process on the same data directory.
/// </summary>
public interface IKnowledgeGraphStore
{
    /// <summary>Runs <paramref name="request"/> against the graph of <paramref name="ns"/>.</summary>
    Task<GraphResponse> ExecuteAsync(string ns, GraphRequest request, CancellationToken cancellationToken = default);
}
