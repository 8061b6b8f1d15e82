using McpMemory.Embeddings.Onnx;
using Microsoft.Extensions.AI;
using Microsoft.ML.Tokenizers;

namespace McpMemory.Tests.Embeddings;

/// <summary>
/// One generator per test class. Creating it is cheap; the ONNX session loads on the first embedding request, so
/// classes that only tokenise never pay for it.
/// </summary>
public abstract class OnnxModelFixture : IDisposable
{
    private readonly IEmbeddingGenerator<string, Embedding<float>> _generator;
    private readonly Lazy<BertTokenizer> _referenceTokenizer;

    protected OnnxModelFixture(string model)
    {
        _generator = OnnxEmbeddingGeneratorFactory.Create(new OnnxEmbeddingOptions { Model = model });
        _referenceTokenizer = new(() =>
        {
            var info = Onnx.Model;
            var path = Path.Combine(OnnxEmbeddingModels.DefaultModelsDirectory, info.AssemblyFileName);
            using var vocabulary = new MemoryStream(OnnxModelPackageReader.ReadResource(path, info.VocabularyResourceName));
            return BertTokenizer.Create(vocabulary, new BertOptions { LowerCaseBeforeTokenization = true, RemoveNonSpacingMarks = true });
        });
    }

    public IEmbeddingGenerator<string, Embedding<float>> Generator => _generator;

    internal OnnxEmbeddingGenerator Onnx => _generator.GetService<OnnxEmbeddingGenerator>()!;

    /// <summary>
    /// Counts the tokens of <paramref name="text"/>, special tokens excluded, without any window cut, with a tokenizer of
    /// its own that reads tabs and line breaks as spaces, as the original BERT tokenizer does.
    /// </summary>
    public int CountTokens(string text) =>
        _referenceTokenizer.Value.EncodeToIds(text.Replace('\n', ' ').Replace('\r', ' ').Replace('\t', ' '), addSpecialTokens: false).Count;

    public void Dispose()
    {
        _generator.Dispose();
        GC.SuppressFinalize(this);
    }
}
