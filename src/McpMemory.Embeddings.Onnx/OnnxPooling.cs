namespace McpMemory.Embeddings.Onnx;

/// <summary>How a model's per-token hidden states become one sentence vector.</summary>
public enum OnnxPooling
{
    /// <summary>The hidden state of the leading <c>[CLS]</c> token.</summary>
    Cls,

    /// <summary>The mean of the hidden states of all real (non-padding) tokens.</summary>
    Mean,
}
