using Microsoft.Extensions.Logging;

namespace McpMemory.Embeddings.Onnx;

internal sealed partial class OnnxEmbeddingGenerator
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Loading embedding model {ModelId} from {Path} with {Threads} intra-op threads.")]
    private static partial void LogModelLoading(ILogger logger, string modelId, string path, int threads);

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded embedding model {ModelId} in {ElapsedMs:F0} ms.")]
    private static partial void LogModelLoaded(ILogger logger, string modelId, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Quantised {Products} matrix products of {ModelId} to int8")]
    private static partial void LogModelQuantized(ILogger logger, string modelId, int products);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Loading embedding model {ModelId} was abandoned because the server is stopping: {Reason}")]
    private static partial void LogModelLoadAbandoned(ILogger logger, string modelId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not load embedding model {ModelId} from {Path}.")]
    private static partial void LogModelLoadFailed(ILogger logger, string modelId, string path, Exception exception);

    [LoggerMessage(Level = LogLevel.Trace, Message = "Embedded {Count} texts ({Tokens} tokens) in {ElapsedMs:F1} ms.")]
    private static partial void LogEmbedded(ILogger logger, int count, long tokens, double elapsedMs);
}
