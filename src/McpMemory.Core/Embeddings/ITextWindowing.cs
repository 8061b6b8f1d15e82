namespace McpMemory.Core.Embeddings;

/// <summary>
/// Splits text that is longer than an embedding model's input window into parts that each fit, so that no text is
/// silently truncated. An embedding generator offers it through
/// <see cref="Microsoft.Extensions.AI.IEmbeddingGenerator.GetService(System.Type, object?)"/>.
/// </summary>
public interface ITextWindowing
{
    /// <summary>The most model tokens (special tokens excluded) one part may hold.</summary>
    int MaxTokensPerWindow { get; }

    /// <summary>
    /// Splits <paramref name="text"/> into character ranges, in order, each of which fits the model's window. A text
    /// that fits already comes back as one range covering all of it. Consecutive ranges may overlap.
    /// </summary>
    IReadOnlyList<Range> SplitIntoWindows(string text);
}
