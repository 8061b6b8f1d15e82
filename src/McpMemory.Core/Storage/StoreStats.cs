namespace McpMemory.Core.Storage;

/// <summary>Counts for a whole store.</summary>
/// <param name="DataDirectory">Where it lives.</param>
/// <param name="EmbeddingModel">The embedding model id recorded in the store.</param>
/// <param name="Dimensions">Vector dimensions.</param>
/// <param name="FormatVersion">The on-disk format version.</param>
/// <param name="Role">owner when this process holds the store, forwarder when it forwards to the owner.</param>
/// <param name="OwnerProcessId">The id of the process that owns the store and writes its files.</param>
/// <param name="Namespaces">Per-namespace counts.</param>
/// <param name="Graphs">Per-namespace counts of the knowledge graphs.</param>
public sealed record StoreStats(
    string DataDirectory,
    string EmbeddingModel,
    int Dimensions,
    int FormatVersion,
    string Role,
    int OwnerProcessId,
    IReadOnlyList<NamespaceStats> Namespaces,
    IReadOnlyList<Semantic.GraphStats>? Graphs = null);
