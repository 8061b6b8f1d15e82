using McpMemory.Core;
using McpMemory.Core.Cache;
using McpMemory.Core.Documents;
using McpMemory.Core.Episodic;
using McpMemory.Core.Identity;
using McpMemory.Core.Semantic;
using McpMemory.Embeddings.Onnx;
using McpMemory.Mcp.Agents;
using McpMemory.Mcp.Upstreams;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace McpMemory.Server.Hosting;

/// <summary>The composition of McpMemory's services, shared by every host and subcommand.</summary>
internal static class MemoryServices
{
    public static IServiceCollection AddMcpMemory(this IServiceCollection services, ServerSettings settings)
    {
        services.AddOptions<McpMemoryOptions>()
            .Bind(settings.Configuration.GetSection(McpMemoryOptions.SectionName))
            .PostConfigure(o => o.DataDirectory = settings.DataDirectory)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<UpstreamOptions>()
            .Bind(settings.Configuration.GetSection(UpstreamOptions.SectionName))
            .ValidateOnStart();
        services.AddOptions<AgentOptions>()
            .Bind(settings.Configuration.GetSection(AgentOptions.SectionName))
            .ValidateOnStart();
        services.AddOnnxEmbeddings(o =>
        {
            settings.Configuration.GetSection("McpMemory:Embedding").Bind(o);
            // The store loads the model when this process owns the data directory; a forwarding process never needs it.
            o.WarmUpOnStart = false;
        });
        services.AddArrowEpisodeStore();
        services.AddEpisodeChangeFeed();
        services.AddOptions<SemanticCacheOptions>()
            .Bind(settings.Configuration.GetSection(SemanticCacheOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<PrincipalDirectory>();
        services.TryAddSingleton<EpisodicMemory>();
        services.TryAddSingleton(sp => DocumentChunker.For(sp.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>()));
        services.TryAddSingleton<DocumentMemory>();
        services.TryAddSingleton<SemanticMemory>();
        services.TryAddSingleton<SemanticCache>();
        return services;
    }

    /// <summary>The toolsets chosen in configuration (empty means all).</summary>
    public static List<string> Toolsets(this ServerSettings settings) =>
        settings.Configuration.GetSection("McpMemory:Toolsets").Get<List<string>>() ?? [];
}
