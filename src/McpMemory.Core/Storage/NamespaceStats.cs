namespace McpMemory.Core.Storage;

/// <summary>Counts for one namespace of a store.</summary>
/// <param name="Namespace">The namespace.</param>
/// <param name="EmbeddingModel">The model its vectors come from (it keeps it until <c>mcp-memory reindex</c> moves it).</param>
/// <param name="Episodes">Live records.</param>
/// <param name="PendingEmbeddings">Records written but not yet embedded.</param>
/// <param name="EmbeddingFailures">Records the model failed on; they are found by keywords only until a restart retries them.</param>
/// <param name="Unflushed">Records kept only in the write-ahead log so far (not yet in an Arrow segment).</param>
/// <param name="Deleted">Records deleted whose bytes are still on disk until compaction.</param>
/// <param name="Segments">Arrow segment files.</param>
/// <param name="WalBytes">Bytes in the write-ahead log.</param>
/// <param name="Kind">
/// What the records are: <c>episodes</c> (the episode tools' events), <c>documents</c> (the chunks of the documents
/// of <paramref name="Namespace"/>, kept apart from its episodes), <c>skills</c> (its skills and their outcomes),
/// <c>cache</c> (its semantic cache's entries), <c>cache_counters</c> (that cache's counters) or <c>tools</c> (its tool
/// registry); see <see cref="CompanionNamespace"/>.
/// </param>
public sealed record NamespaceStats(string Namespace, string EmbeddingModel, long Episodes, long PendingEmbeddings, long EmbeddingFailures, long Unflushed, long Deleted, int Segments, long WalBytes, string Kind = NamespaceStats.EpisodesKind)
{
    /// <summary>The <see cref="Kind"/> of a namespace's episodes.</summary>
    public const string EpisodesKind = "episodes";

    /// <summary>The <see cref="Kind"/> of a namespace's document chunks.</summary>
    public const string DocumentsKind = "documents";

    /// <summary>The <see cref="Kind"/> of a namespace's skills and their outcomes (procedural memory).</summary>
    public const string SkillsKind = "skills";
    /// <summary>The <see cref="Kind"/> of a namespace's semantic cache entries.</summary>
    public const string CacheKind = "cache";

    /// <summary>The <see cref="Kind"/> of a namespace's semantic cache counters.</summary>
    public const string CacheCountersKind = "cache_counters";
    /// <summary>The <see cref="Kind"/> of a namespace's tool registry (one record per registered tool).</summary>
    public const string ToolsKind = "tools";
}
