namespace McpMemory.Core.Embeddings;

/// <summary>
/// Counts the tokens an embedding model reads for a text, with the model's own tokenizer, so that text can be cut into
/// pieces that fit its window exactly. An embedding generator offers it through
/// <see cref="Microsoft.Extensions.AI.IEmbeddingGenerator.GetService(System.Type, object?)"/>, beside
/// <see cref="ITextWindowing"/>.
/// </summary>
public interface ITokenCounter
{
    /// <summary>The number of tokens of <paramref name="text"/>, special tokens excluded, without any cut.</summary>
    int CountTokens(ReadOnlySpan<char> text);
}
