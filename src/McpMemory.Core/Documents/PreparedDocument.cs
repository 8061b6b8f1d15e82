using McpMemory.Core.Episodic;

namespace McpMemory.Core.Documents;

/// <summary>
/// A document checked and cut into chunk records, ready to store: <see cref="DocumentMemory.Prepare"/> makes it, and
/// <see cref="DocumentMemory.AddAsync(Identity.MemoryPrincipal, string?, PreparedDocument, IProgress{int}?, CancellationToken)"/>
/// stores it in one atomic write. Its ids are fixed, so storing it again (a retry) changes nothing.
/// </summary>
public sealed class PreparedDocument
{
    internal PreparedDocument(DocumentInfo info, IReadOnlyList<Episode> records)
    {
        Info = info;
        Records = records;
    }

    /// <summary>The document as it will be stored.</summary>
    public DocumentInfo Info { get; }

    /// <summary>Its chunk records, in order.</summary>
    internal IReadOnlyList<Episode> Records { get; }
}
