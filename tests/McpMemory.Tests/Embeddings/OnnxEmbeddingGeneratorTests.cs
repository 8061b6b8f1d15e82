using System.Numerics.Tensors;
using McpMemory.Core;
using McpMemory.Core.Embeddings;
using McpMemory.Embeddings.Onnx;
using Microsoft.Extensions.AI;

namespace McpMemory.Tests.Embeddings;

/// <summary>Cases every local model must pass; one derived class per model.</summary>
public abstract class OnnxEmbeddingGeneratorTests<TFixture>
    where TFixture : OnnxModelFixture
{
    private static readonly (string Sentence, string Paraphrase, string Unrelated)[] Triples =
    [
        ("A man is playing a guitar on stage.", "Someone performs music with a guitar in front of an audience.", "The stock market fell sharply after the interest rate announcement."),
        ("How do I reset my password?", "What are the steps to change a forgotten login password?", "The recipe calls for two cups of flour and a pinch of salt."),
        ("The cat is sleeping on the sofa.", "A kitten naps on the couch.", "Quantum computers use qubits to perform calculations."),
        ("The meeting was moved to Thursday afternoon.", "We rescheduled the meeting for Thursday after lunch.", "Penguins live mostly in the Southern Hemisphere."),
    ];

    protected OnnxEmbeddingGeneratorTests(TFixture fixture)
    {
        Fixture = fixture;
    }

    protected TFixture Fixture { get; }

    protected IEmbeddingGenerator<string, Embedding<float>> Generator => Fixture.Generator;

    /// <summary>The model under test.</summary>
    protected abstract OnnxEmbeddingModelInfo Model { get; }

    /// <summary>
    /// How far above the unrelated sentence a paraphrase must score. Measured (documents, not queries): arctic-xs
    /// 0.149 to 0.256, MiniLM 0.726 to 0.789; arctic's cosines crowd together, so its margin is smaller.
    /// </summary>
    protected abstract float ParaphraseMargin { get; }

    protected static float Cosine(Embedding<float> a, Embedding<float> b) => TensorPrimitives.Dot(a.Vector.Span, b.Vector.Span);

    protected static float Cosine(ReadOnlyMemory<float> a, ReadOnlyMemory<float> b) => TensorPrimitives.Dot(a.Span, b.Span);

    [Fact]
    public async Task GenerateAsync_AnyTexts_ReturnsUnitLengthVectorsOfModelDimensions()
    {
        string[] texts = ["hello world", "A somewhat longer sentence about databases, migrations and deadlines.", "", "   "];

        var embeddings = await Generator.GenerateAsync(texts, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(texts.Length, embeddings.Count);
        foreach (var embedding in embeddings)
        {
            Assert.Equal(384, embedding.Vector.Length);
            Assert.Equal(Model.Dimensions, embedding.Vector.Length);
            Assert.Equal(1.0, TensorPrimitives.Norm(embedding.Vector.Span), precision: 4);
            Assert.Equal(Model.ModelId, embedding.ModelId);
        }
    }

    [Fact]
    public async Task GenerateAsync_Paraphrase_ScoresFarAboveUnrelatedSentence()
    {
        foreach (var (sentence, paraphrase, unrelated) in Triples)
        {
            var embeddings = await Generator.GenerateAsync([sentence, paraphrase, unrelated], cancellationToken: TestContext.Current.CancellationToken);

            var paraphraseScore = Cosine(embeddings[0], embeddings[1]);
            var unrelatedScore = Cosine(embeddings[0], embeddings[2]);

            Assert.True(
                paraphraseScore > unrelatedScore + ParaphraseMargin,
                $"'{sentence}': paraphrase {paraphraseScore:F3}, unrelated {unrelatedScore:F3}, margin {ParaphraseMargin}.");
        }
    }

    [Fact]
    public async Task GenerateAsync_BatchOfMixedLengths_EqualsOneByOne()
    {
        var ct = TestContext.Current.CancellationToken;
        string[] texts =
        [
            "short",
            "A sentence of medium length about vector search and indexes.",
            string.Join(' ', Enumerable.Repeat("The quick brown fox jumps over the lazy dog.", 12)),
            "Another one.",
            "Memory servers store episodes, facts and procedures for agents that forget.",
        ];

        var batch = await Generator.GenerateAsync(texts, cancellationToken: ct);

        for (var i = 0; i < texts.Length; i++)
        {
            var single = await Generator.GenerateVectorAsync(texts[i], cancellationToken: ct);
            var batched = batch[i].Vector.Span;
            for (var d = 0; d < single.Length; d++)
            {
                Assert.True(Math.Abs(single.Span[d] - batched[d]) <= 1e-4f, $"text {i}, dimension {d}: {single.Span[d]} vs {batched[d]}");
            }
        }
    }

    [Fact]
    public async Task GenerateAsync_MoreInputsThanBatchSize_KeepsInputOrder()
    {
        var ct = TestContext.Current.CancellationToken;
        var texts = new string[70];
        for (var i = 0; i < texts.Length; i++)
        {
            texts[i] = i % 3 == 0 ? $"item {i}" : $"item {i} with a longer description that adds several more tokens to sentence number {i}";
        }

        var batch = await Generator.GenerateAsync(texts, cancellationToken: ct);
        var last = await Generator.GenerateVectorAsync(texts[^1], cancellationToken: ct);
        var first = await Generator.GenerateVectorAsync(texts[0], cancellationToken: ct);

        Assert.Equal(texts.Length, batch.Count);
        Assert.True(Cosine(batch[^1].Vector, last) > 0.9999f);
        Assert.True(Cosine(batch[0].Vector, first) > 0.9999f);
    }

    [Fact]
    public async Task GenerateAsync_OneBatchSplitIntoRunsByLength_KeepsInputOrder()
    {
        // Short and long texts alternate, so sorting by length reorders them and the planner cuts the batch into
        // several runs; every vector must still come back at its input's position.
        var ct = TestContext.Current.CancellationToken;
        var texts = new string[24];
        for (var i = 0; i < texts.Length; i++)
        {
            texts[i] = i % 2 == 0
                ? $"note {i}"
                : string.Join(' ', Enumerable.Repeat($"paragraph {i} about the harbour, the boats and the weather that week.", 1 + (i % 5)));
        }

        var batch = await Generator.GenerateAsync(texts, cancellationToken: ct);

        Assert.Equal(texts.Length, batch.Count);
        for (var i = 0; i < texts.Length; i++)
        {
            var single = await Generator.GenerateVectorAsync(texts[i], cancellationToken: ct);
            Assert.True(Cosine(batch[i].Vector, single) > 0.9999f, $"text {i} came back out of place");
        }
    }

    [Fact]
    public async Task GenerateAsync_NoInputs_ReturnsNoEmbeddings()
    {
        var embeddings = await Generator.GenerateAsync([], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Empty(embeddings);
    }

    [Fact]
    public async Task GenerateAsync_Usage_CountsTokensWithSpecialTokens()
    {
        var embeddings = await Generator.GenerateAsync(["hello world", "hello"], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(4 + 3, embeddings.Usage?.InputTokenCount);
    }

    [Fact]
    public async Task GenerateAsync_OtherDimensionsRequested_ThrowsInvalidArgument()
    {
        var options = new EmbeddingGenerationOptions { Dimensions = 256 };

        var ex = await Assert.ThrowsAsync<McpMemoryException>(
            () => Generator.GenerateAsync(["hello"], options, TestContext.Current.CancellationToken));

        Assert.Equal(McpMemoryErrorCodes.InvalidArgument, ex.Code);
    }

    [Fact]
    public async Task GenerateAsync_CancelledToken_ThrowsOperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Generator.GenerateAsync(["hello"], cancellationToken: cts.Token));
    }

    [Fact]
    public void GetService_Metadata_ReportsOnnxProviderModelAndDimensions()
    {
        var metadata = Generator.GetService<EmbeddingGeneratorMetadata>();

        Assert.NotNull(metadata);
        Assert.Equal("onnx", metadata.ProviderName);
        Assert.Equal(Model.ModelId, metadata.DefaultModelId);
        Assert.Equal(384, metadata.DefaultModelDimensions);
    }

    [Fact]
    public void GetService_TextWindowing_ReturnsTheGeneratorWithWindowOf254()
    {
        var windowing = Generator.GetService<ITextWindowing>();

        Assert.Same(Generator, windowing);
        Assert.Equal(254, windowing!.MaxTokensPerWindow);
        Assert.Same(Model, Generator.GetService<OnnxEmbeddingModelInfo>());
        Assert.Null(Generator.GetService<ITextWindowing>(serviceKey: "other"));
    }
}
