using McpMemory.Embeddings.Onnx;
using Microsoft.Extensions.AI;

namespace McpMemory.Tests.Support;

/// <summary>One ArcticXs generator for the whole test run: the real model, loaded once.</summary>
public static class SharedEmbedder
{
    private static readonly Lazy<IEmbeddingGenerator<string, Embedding<float>>> Instance =
        new(() => OnnxEmbeddingGeneratorFactory.Create(new OnnxEmbeddingOptions { Model = OnnxEmbeddingModels.ArcticXs.Name }));

    public static IEmbeddingGenerator<string, Embedding<float>> ArcticXs => Instance.Value;
}
