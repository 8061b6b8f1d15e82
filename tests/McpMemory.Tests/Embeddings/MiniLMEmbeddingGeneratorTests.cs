using McpMemory.Core.Embeddings;
using McpMemory.Embeddings.Onnx;
using Microsoft.Extensions.AI;

namespace McpMemory.Tests.Embeddings;

public sealed class MiniLMEmbeddingGeneratorTests : OnnxEmbeddingGeneratorTests<MiniLMModelFixture>, IClassFixture<MiniLMModelFixture>
{
    public MiniLMEmbeddingGeneratorTests(MiniLMModelFixture fixture)
        : base(fixture)
    {
    }

    protected override OnnxEmbeddingModelInfo Model => OnnxEmbeddingModels.MiniLM;

    protected override float ParaphraseMargin => 0.5f;

    [Fact]
    public async Task GenerateAsync_SentenceTransformersExample_MatchesPublishedScores()
    {
        // The sentence-transformers documentation scores these pairs with all-MiniLM-L6-v2: 0.7553 and 0.7369.
        // Matching them checks tokenisation, masked mean pooling and normalisation together.
        var embeddings = await Generator.GenerateAsync(
            ["A man is eating food.", "A man is eating a piece of bread.", "A man is riding a horse.", "A man is riding a white horse on an enclosed ground."],
            cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(0.7553, Cosine(embeddings[0], embeddings[1]), precision: 3);
        Assert.Equal(0.7369, Cosine(embeddings[2], embeddings[3]), precision: 3);
    }

    [Fact]
    public async Task GenerateAsync_QueryInputType_LeavesVectorUnchanged()
    {
        var ct = TestContext.Current.CancellationToken;

        var asDocument = await Generator.GenerateVectorAsync("how do I rotate the signing keys", cancellationToken: ct);
        var asQuery = await Generator.GenerateVectorAsync("how do I rotate the signing keys", EmbeddingInputType.ForQuery, ct);

        Assert.Equal(asDocument.ToArray(), asQuery.ToArray());
    }

    [Fact]
    public async Task GenerateAsync_ConcurrentFirstCalls_LoadOnceAndAgree()
    {
        // A generator of its own, so that the first calls really race for the load.
        using var generator = OnnxEmbeddingGeneratorFactory.Create(new OnnxEmbeddingOptions { Model = Model.Name, IntraOpThreads = 1 });
        var onnx = generator.GetService<OnnxEmbeddingGenerator>()!;
        Assert.False(onnx.IsLoaded);

        var calls = new Task<ReadOnlyMemory<float>>[8];
        for (var i = 0; i < calls.Length; i++)
        {
            calls[i] = Task.Run(() => generator.GenerateVectorAsync("the same sentence every time", cancellationToken: TestContext.Current.CancellationToken));
        }

        var vectors = await Task.WhenAll(calls);

        Assert.True(onnx.IsLoaded);
        foreach (var vector in vectors)
        {
            Assert.Equal(vectors[0].ToArray(), vector.ToArray());
        }
    }
}
