using McpMemory.Embeddings.Onnx;

namespace McpMemory.Tests.Embeddings;

public sealed class MiniLMModelFixture : OnnxModelFixture
{
    public MiniLMModelFixture()
        : base(OnnxEmbeddingModels.MiniLM.Name)
    {
    }
}
