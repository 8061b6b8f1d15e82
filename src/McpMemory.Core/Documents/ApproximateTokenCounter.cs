using McpMemory.Core.Embeddings;

namespace McpMemory.Core.Documents;

/// <summary>
/// A cautious stand-in for embedding models that do not offer their tokenizer: a word piece for every three letters
/// or digits of a word (rounded up), and one for every other character that is not whitespace. It counts more than
/// BERT-style tokenizers do for ordinary text, so chunks fit the window.
/// </summary>
internal sealed class ApproximateTokenCounter : ITokenCounter
{
    public static ApproximateTokenCounter Instance { get; } = new();

    public int CountTokens(ReadOnlySpan<char> text)
    {
        var tokens = 0;
        var run = 0;
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                run++;
                continue;
            }

            tokens += (run + 2) / 3;
            run = 0;
            if (!char.IsWhiteSpace(c))
            {
                tokens++;
            }
        }

        return tokens + ((run + 2) / 3);
    }
}
