using McpMemory.Core;
using McpMemory.Core.Episodic;
using McpMemory.Core.Storage;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace McpMemory.Storage.Arrow;

/// <summary>Reindexing: moving a namespace to another embedding model while it keeps serving.</summary>
internal sealed partial class ArrowEpisodeStore
{
    public async Task<ReindexResult> ReindexAsync(string ns, string? model, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        if (!_namespaces.TryGetValue(ns, out var store))
        {
            throw new McpMemoryException(McpMemoryErrorCodes.NotFound, $"There is no namespace '{ns}' in '{DataDirectory}' to reindex. 'mcp-memory stats' lists the namespaces.");
        }

        var embedder = model is null ? _embedder : _otherModels(model) ?? throw new McpMemoryException(
            McpMemoryErrorCodes.InvalidArgument,
            $"Unknown embedding model '{model}'. Use one of the models mcp-memory ships (arctic-xs, minilm).");
        var metadata = embedder.GetService<EmbeddingGeneratorMetadata>();
        var target = metadata?.DefaultModelId ?? Model;
        var dimensions = metadata?.DefaultModelDimensions ?? Dimensions;
        var from = store.Model;
        if (string.Equals(from, target, StringComparison.Ordinal))
        {
            return new ReindexResult(ns, from, target, 0, Changed: false);
        }

        if (!store.TryBeginReindex())
        {
            throw new McpMemoryException(McpMemoryErrorCodes.Unavailable, $"Namespace '{ns}' is being reindexed already; wait for that run to finish.");
        }

        try
        {
            LogReindexStarted(_logger, ns, from, target);
            var vectors = new Dictionary<int, List<(int Start, int End, float[] Vector)>>();
            var cursor = 0;
            while (true)
            {
                var batch = store.LiveRowsFrom(ref cursor, _options.EmbeddingBatchSize);
                if (batch.Count == 0)
                {
                    break;
                }

                var parts = await ComputeEmbeddingsAsync(store, batch, embedder, cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < batch.Count; i++)
                {
                    vectors[batch[i].Row] = parts[i];
                }

                progress?.Report(vectors.Count);
            }

            await store.CommitReindexAsync(
                target,
                dimensions,
                vectors,
                (rows, ct) => ComputeEmbeddingsAsync(store, rows, embedder, ct),
                cancellationToken).ConfigureAwait(false);
            progress?.Report(vectors.Count);
            return new ReindexResult(ns, from, target, (int)store.Stats().Episodes, Changed: true);
        }
        finally
        {
            store.EndReindex();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reindexing namespace {Namespace} from {From} to {To}; searches use the old vectors until it is done")]
    private static partial void LogReindexStarted(ILogger logger, string @namespace, string from, string to);
}
