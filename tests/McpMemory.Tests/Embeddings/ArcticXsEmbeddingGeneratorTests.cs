using McpMemory.Core.Embeddings;
using McpMemory.Embeddings.Onnx;
using Microsoft.Extensions.AI;

namespace McpMemory.Tests.Embeddings;

public sealed class ArcticXsEmbeddingGeneratorTests : OnnxEmbeddingGeneratorTests<ArcticXsModelFixture>, IClassFixture<ArcticXsModelFixture>
{
    public ArcticXsEmbeddingGeneratorTests(ArcticXsModelFixture fixture)
        : base(fixture)
    {
    }

    protected override OnnxEmbeddingModelInfo Model => OnnxEmbeddingModels.ArcticXs;

    protected override float ParaphraseMargin => 0.1f;

    [Fact]
    public async Task GenerateAsync_ModelCardExample_MatchesPublishedScores()
    {
        // The snowflake-arctic-embed-xs model card scores "what is snowflake?" (as a query) against two documents:
        // 0.57515126 "The Data Cloud!", 0.45798576 "Mexico City of Course!". Matching them checks tokenisation, the
        // query instruction, CLS pooling and normalisation together.
        var ct = TestContext.Current.CancellationToken;

        var query = await Generator.GenerateVectorAsync("what is snowflake?", EmbeddingInputType.ForQuery, ct);
        var documents = await Generator.GenerateAsync(["The Data Cloud!", "Mexico City of Course!"], cancellationToken: ct);

        Assert.Equal(0.57515126, Cosine(query, documents[0].Vector), precision: 3);
        Assert.Equal(0.45798576, Cosine(query, documents[1].Vector), precision: 3);
    }

    [Fact]
    public async Task GenerateAsync_QueryInputType_ChangesVector()
    {
        var ct = TestContext.Current.CancellationToken;

        var asDocument = await Generator.GenerateVectorAsync("how do I rotate the signing keys", cancellationToken: ct);
        var asQuery = await Generator.GenerateVectorAsync("how do I rotate the signing keys", EmbeddingInputType.ForQuery, ct);

        // Measured: the instruction moves the vector to a cosine of about 0.74 to 0.86 from the document form.
        Assert.True(Cosine(asDocument, asQuery) < 0.95f, $"cosine {Cosine(asDocument, asQuery):F4}");
    }

    [Fact]
    public void Tokenize_Query_StartsWithInstructionTokens()
    {
        var prefix = Fixture.Onnx.Tokenize("Represent this sentence for searching relevant passages:", isQuery: false);

        var query = Fixture.Onnx.Tokenize("hello world", isQuery: true);

        Assert.Equal([.. prefix.Take(prefix.Count - 1), 7592, 2088, 102], query);
    }
}
