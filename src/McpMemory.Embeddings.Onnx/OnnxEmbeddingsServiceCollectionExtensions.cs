using McpMemory.Core;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace McpMemory.Embeddings.Onnx;

/// <summary>Registers the local ONNX embedding generator.</summary>
public static class OnnxEmbeddingsServiceCollectionExtensions
{
    /// <summary>
    /// Registers a local ONNX <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> of <see cref="string"/> to
    /// <see cref="Embedding{T}"/> as a singleton, unless one is registered already, and a hosted service that creates it
    /// at start-up and loads its model in the background (see <see cref="OnnxEmbeddingOptions.WarmUpOnStart"/>).
    /// </summary>
    /// <remarks>
    /// Settings come from <see cref="OnnxEmbeddingOptions"/>: bind them from configuration with
    /// <c>services.Configure&lt;OnnxEmbeddingOptions&gt;(section)</c> and/or pass <paramref name="configure"/>. Bad
    /// settings (unknown model, missing model file) throw <see cref="McpMemoryException"/> with code
    /// <c>invalid_argument</c> when the generator is first resolved, which the hosted service does at start-up.
    /// </remarks>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Adjusts the settings; optional.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddOnnxEmbeddings(this IServiceCollection services, Action<OnnxEmbeddingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);

        var options = services.AddOptions<OnnxEmbeddingOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(static provider =>
            OnnxEmbeddingGeneratorFactory.Create(
                provider.GetRequiredService<IOptions<OnnxEmbeddingOptions>>().Value,
                provider.GetService<ILoggerFactory>()));
        // Every model McpMemory ships is also available by its name and its model id (a namespace keeps the model it
        // was embedded with until it is reindexed); each is created on first use, and the configured one is shared.
        foreach (var model in OnnxEmbeddingModels.All)
        {
            services.TryAddKeyedSingleton<IEmbeddingGenerator<string, Embedding<float>>>(model.ModelId, (provider, _) =>
            {
                var configured = provider.GetRequiredService<IOptions<OnnxEmbeddingOptions>>().Value;
                return OnnxEmbeddingModels.TryGet(configured.Model, out var current) && current == model
                    ? provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>()
                    : OnnxEmbeddingGeneratorFactory.Create(configured.WithModel(model.Name), provider.GetService<ILoggerFactory>());
            });

            // The short name is the same generator, not a second copy of the model.
            services.TryAddKeyedSingleton<IEmbeddingGenerator<string, Embedding<float>>>(model.Name, (provider, _) =>
                provider.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>(model.ModelId));
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, OnnxEmbeddingWarmUpService>());
        return services;
    }
}
