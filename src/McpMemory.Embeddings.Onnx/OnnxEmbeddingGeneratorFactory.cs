using McpMemory.Core;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpMemory.Embeddings.Onnx;

/// <summary>Creates local ONNX embedding generators without dependency injection (tools, evaluations, tests).</summary>
public static class OnnxEmbeddingGeneratorFactory
{
    /// <summary>
    /// Creates a generator for the model named in <paramref name="options"/>. This is cheap: the model loads on first use
    /// or through <see cref="WarmUpAsync"/>. Several generators (of different models) may live side by side; dispose
    /// each when done.
    /// </summary>
    /// <remarks>
    /// The generator also offers <see cref="Core.Embeddings.ITextWindowing"/> and <see cref="OnnxEmbeddingModelInfo"/>
    /// through <see cref="IEmbeddingGenerator.GetService(Type, object?)"/>. Inputs longer than the model window are
    /// truncated; split them first with <see cref="Core.Embeddings.ITextWindowing.SplitIntoWindows(string)"/>.
    /// </remarks>
    /// <param name="options">The settings; checked here.</param>
    /// <param name="loggerFactory">Where the generator logs; none when <see langword="null"/>.</param>
    /// <exception cref="McpMemoryException">
    /// The model name is unknown, a setting is out of range, or the model file is missing (code <c>invalid_argument</c>).
    /// </exception>
    public static IEmbeddingGenerator<string, Embedding<float>> Create(OnnxEmbeddingOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (model, assemblyPath) = options.Validate();
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<OnnxEmbeddingGenerator>();
        return new OnnxEmbeddingGenerator(
            model,
            assemblyPath,
            options.IntraOpThreads ?? Environment.ProcessorCount,
            options.BatchSize,
            logger);
    }

    /// <summary>
    /// Loads the model of a generator made by this factory or by <c>AddOnnxEmbeddings</c>, if it has not loaded yet, and
    /// completes when it is ready; the first embedding request then does not wait. Does nothing for other generators.
    /// </summary>
    /// <param name="generator">The generator.</param>
    /// <param name="cancellationToken">Stops the wait; the load itself runs on.</param>
    /// <exception cref="McpMemoryException">The model file cannot be read or is not the expected model.</exception>
    public static Task WarmUpAsync(IEmbeddingGenerator<string, Embedding<float>> generator, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(generator);
        return generator.GetService<OnnxEmbeddingGenerator>() is { } onnx
            ? onnx.WarmUpAsync(cancellationToken)
            : Task.CompletedTask;
    }
}
