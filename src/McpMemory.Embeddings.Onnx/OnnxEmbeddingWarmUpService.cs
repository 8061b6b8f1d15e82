using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace McpMemory.Embeddings.Onnx;

/// <summary>
/// Creates the embedding generator when the host starts, so bad settings fail start-up, and starts loading its model in
/// the background without delaying start-up.
/// </summary>
internal sealed class OnnxEmbeddingWarmUpService : IHostedService
{
    private readonly IServiceProvider _services;
    private readonly IOptions<OnnxEmbeddingOptions> _options;

    public OnnxEmbeddingWarmUpService(IServiceProvider services, IOptions<OnnxEmbeddingOptions> options)
    {
        _services = services;
        _options = options;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.Value.WarmUpOnStart &&
            _services.GetService<IEmbeddingGenerator<string, Embedding<float>>>() is { } generator &&
            generator.GetService<OnnxEmbeddingGenerator>() is { } onnx)
        {
            // Not awaited: the load runs on the thread pool; a failure is logged by the generator and met again by the
            // first request, which retries.
            _ = onnx.WarmUpAsync(CancellationToken.None).ContinueWith(
                static task => _ = task.Exception,
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
