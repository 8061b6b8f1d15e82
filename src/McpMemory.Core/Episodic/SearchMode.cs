namespace McpMemory.Core.Episodic;

/// <summary>How a search ranks records.</summary>
public enum SearchMode
{
    /// <summary>Meaning and keywords, fused.</summary>
    Hybrid,

    /// <summary>Meaning alone (cosine similarity of embeddings).</summary>
    Dense,

    /// <summary>Keywords alone (BM25).</summary>
    Keyword,
}
