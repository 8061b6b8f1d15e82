namespace McpMemory.Core.Storage;

/// <summary>Counts for one namespace of a store.</summary>
/// <param name="Namespace">The namespace.</param>
/// <param name="Episodes">Live records.</param>
/// <param name="PendingEmbeddings">Records written but not yet embedded.</param>
/// <param name="Deleted">Records deleted whose bytes are still on disk until compaction.</param>
/// <param name="Segments">Arrow segment files.</param>
/// <param name="WalBytes">Bytes in the write-ahead log.</param>
public sealed record NamespaceStats(string Namespace, long Episodes, long PendingEmbeddings, long Deleted, int Segments, long WalBytes);
