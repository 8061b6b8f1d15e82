namespace McpMemory.Core.Storage;

/// <summary>Counts for one namespace of a store.</summary>
/// <param name="Namespace">The namespace.</param>
/// <param name="Episodes">Live records.</param>
/// <param name="PendingEmbeddings">Records written but not yet embedded.</param>
/// <param name="Deleted">Records deleted whose bytes are still on disk until compaction.</param>
/// <param name="Segments">Arrow segment files.</param>
/// <param name="WalBytes">Bytes in the write-ahead log.</param>
public sealed record NamespaceStats(string Namespace, long Episodes, long PendingEmbeddings, long Deleted, int Segments, long WalBytes);

/// <summary>Counts for a whole store.</summary>
/// <param name="DataDirectory">Where it lives.</param>
/// <param name="EmbeddingModel">The embedding model id recorded in the store.</param>
/// <param name="Dimensions">Vector dimensions.</param>
/// <param name="FormatVersion">The on-disk format version.</param>
/// <param name="Role">owner when this process holds the store, forwarder when it forwards to the owner.</param>
/// <param name="OwnerProcessId">The id of the process that owns the store and writes its files.</param>
/// <param name="Namespaces">Per-namespace counts.</param>
public sealed record StoreStats(
    string DataDirectory,
    string EmbeddingModel,
    int Dimensions,
    int FormatVersion,
    string Role,
    int OwnerProcessId,
    IReadOnlyList<NamespaceStats> Namespaces);
