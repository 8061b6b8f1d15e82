using System.Numerics.Tensors;
using McpMemory.Embeddings.Onnx;
using Microsoft.Extensions.AI;
using Onnx;

namespace McpMemory.Tests.Embeddings;

/// <summary>The int8 models: quantised in memory at load, close to the float model, and still ranking by meaning.</summary>
public sealed class QuantizedEmbeddingTests(ArcticXsModelFixture floatModel) : IClassFixture<ArcticXsModelFixture>
{
    private static readonly string[] Sentences =
    [
        "We adopted a small grey kitten from the animal shelter last weekend",
        "The quarterly tax report is due at the end of March",
        "I repaired the bicycle's rear brake cable",
        "Caroline has been learning the violin since she moved to Lisbon",
        "The ferry to Tresco leaves at 09:40 every morning except Sunday",
    ];

    [Fact]
    public void Quantize_ArcticXs_ReplacesEveryLargeMatMulWithIntegerKernelsAndDropsTheFloatWeights()
    {
        var info = OnnxEmbeddingModels.ArcticXs;
        var original = OnnxModelPackageReader.ReadResource(Path.Combine(OnnxEmbeddingModels.DefaultModelsDirectory, info.AssemblyFileName), info.ModelResourceName);

        var (bytes, products) = OnnxDynamicQuantizer.Quantize(original);
        var model = ModelProto.Parser.ParseFrom(bytes);

        Assert.True(products >= 36, $"only {products} matrix products were quantised"); // 6 layers × (Q, K, V, output, 2 feed-forward)
        Assert.Equal(products, model.Graph.Node.Count(n => n.OpType == "MatMulInteger"));
        Assert.Equal(products, model.Graph.Node.Count(n => n.OpType == "DynamicQuantizeLinear"));
        Assert.DoesNotContain(model.Graph.Node, n => n.OpType == "MatMul" && model.Graph.Initializer.Any(t => t.Name == n.Input[1] && t.Dims.Count == 2 && t.Dims[0] * t.Dims[1] >= 16 * 1024));
        // The word-embedding table (about half the file) stays float; every layer weight shrinks to a quarter.
        Assert.True(bytes.Length < original.Length * 0.7, $"quantised model is {bytes.Length} bytes, the float one {original.Length}");
    }

    [Fact]
    public async Task GenerateAsync_Int8Model_StaysWithinOnePercentOfTheFloatModelAndReportsItsOwnId()
    {
        using var int8 = OnnxEmbeddingGeneratorFactory.Create(new OnnxEmbeddingOptions { Model = "arctic-xs-int8" });

        var quantized = await int8.GenerateAsync(Sentences, cancellationToken: TestContext.Current.CancellationToken);
        var reference = await floatModel.Generator.GenerateAsync(Sentences, cancellationToken: TestContext.Current.CancellationToken);

        for (var i = 0; i < Sentences.Length; i++)
        {
            var cosine = TensorPrimitives.CosineSimilarity(quantized[i].Vector.Span, reference[i].Vector.Span);
            Assert.True(cosine >= 0.99f, $"sentence {i}: cosine {cosine:F4} to the float model");
        }

        Assert.Equal("snowflake-arctic-embed-xs-int8", int8.GetService<EmbeddingGeneratorMetadata>()!.DefaultModelId);
    }

    [Fact]
    public async Task GenerateAsync_Int8Model_FindsEachParaphraseFirst()
    {
        using var int8 = OnnxEmbeddingGeneratorFactory.Create(new OnnxEmbeddingOptions { Model = "arctic-xs-int8" });
        string[] queries = ["getting a new cat as a pet", "paying taxes", "fixing my bike", "playing a string instrument", "boat timetable"];

        var documents = await int8.GenerateAsync(Sentences, cancellationToken: TestContext.Current.CancellationToken);
        var asked = await int8.GenerateAsync(queries, McpMemory.Core.Embeddings.EmbeddingInputType.ForQuery, TestContext.Current.CancellationToken);

        for (var q = 0; q < queries.Length; q++)
        {
            var best = Enumerable.Range(0, Sentences.Length).MaxBy(d => TensorPrimitives.Dot(asked[q].Vector.Span, documents[d].Vector.Span));
            Assert.Equal(q, best);
        }
    }
}
