using McpMemory.Core;
using McpMemory.Core.Semantic;
using McpMemory.Core.Storage;
using McpMemory.Storage.Arrow;
using McpMemory.Storage.Arrow.Sharing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the embedded Arrow store.</summary>
public static class ArrowStorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the embedded store as <see cref="IEpisodeStore"/>, kept in <see cref="McpMemoryOptions.DataDirectory"/>
    /// and shared safely with other processes on the same directory. Needs an
    /// <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> of strings; namespaces embedded with another model find
    /// theirs as a keyed <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> under its model id. Also registers
    /// <see cref="IStoreMaintenance"/> (reindex).
    /// </summary>
    public static IServiceCollection AddArrowEpisodeStore(this IServiceCollection services, Action<ArrowStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<ArrowStoreOptions>().BindConfiguration(ArrowStoreOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(sp =>
        {
            var memory = sp.GetRequiredService<IOptions<McpMemoryOptions>>().Value;
            var storeOptions = sp.GetRequiredService<IOptions<ArrowStoreOptions>>().Value;
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("McpMemory.Storage");
            var embedder = sp.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
            var dataDirectory = Path.GetFullPath(memory.DataDirectory);
            return new SharedEpisodeStore(
                dataDirectory,
                ct => ArrowEpisodeStore.OpenAsync(
                    dataDirectory,
                    embedder,
                    storeOptions,
                    logger,
                    memory.TimeProvider,
                    ct,
                    model => sp.GetKeyedService<IEmbeddingGenerator<string, Embedding<float>>>(model)),
                logger,
                memory.TimeProvider);
        });
        services.TryAddSingleton<IEpisodeStore>(sp => sp.GetRequiredService<SharedEpisodeStore>());
        services.TryAddSingleton<IStoreMaintenance>(sp => sp.GetRequiredService<SharedEpisodeStore>());
        services.TryAddSingleton<IStoreBackup>(sp => sp.GetRequiredService<SharedEpisodeStore>());
        services.TryAddSingleton<IKnowledgeGraphStore>(sp => sp.GetRequiredService<SharedEpisodeStore>());
        services.AddHostedService<StoreWarmup>();
        return services;
    }
}
