using McpMemory.Embeddings.Onnx;

namespace McpMemory.Tests.Embeddings;

public sealed class ArcticXsModelFixture : OnnxModelFixture
{
    public ArcticXsModelFixture()
        : base(OnnxEmbeddingModels.ArcticXs.Name)
    {
    }
}
