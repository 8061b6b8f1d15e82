using McpMemory.Core;
using McpMemory.Core.Documents;
using McpMemory.Core.Episodic;
using McpMemory.Core.Semantic;
using McpMemory.Core.Tools;
using McpMemory.Mcp.Upstreams;
using Microsoft.Extensions.Options;
using McpMemory.Mcp.Semantic;
using McpMemory.Core.Identity;
using McpMemory.Mcp;
using McpMemory.Mcp.Identity;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds McpMemory's tools to an MCP server.</summary>
public static class McpMemoryServerBuilderExtensions
{
    /// <summary>
    /// Registers the tools of the chosen <paramref name="toolsets"/> (all when null or empty) and the services they
    /// use. The <c>toolhost</c> toolset also connects to the upstream MCP servers of <c>UpstreamOptions</c> while the
    /// server runs. The <c>graph</c> toolset also brings the graph resources (<see cref="KnowledgeGraphResources"/>) and the
    /// handlers that subscribe clients to them, so that the server advertises <c>resources.subscribe</c>. Needs an
    /// <c>IEpisodeStore</c>, an <c>IKnowledgeGraphStore</c>, an <c>IEmbeddingGenerator</c> of strings (whose tokenizer
    /// sizes document chunks) and <c>McpMemoryOptions</c> registered.
    /// </summary>
    public static IMcpServerBuilder WithMemoryTools(this IMcpServerBuilder builder, IEnumerable<string>? toolsets = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var chosen = toolsets?.ToList() is { Count: > 0 } list ? list : [.. McpMemoryToolsets.All.Keys];
        var types = new List<Type>();
        foreach (var name in chosen)
        {
            if (!McpMemoryToolsets.All.TryGetValue(name, out var toolTypes))
            {
                throw new McpMemoryException(
                    McpMemoryErrorCodes.InvalidArgument,
                    $"Unknown toolset '{name}' in McpMemory:Toolsets. Known toolsets: {string.Join(", ", McpMemoryToolsets.All.Keys)}.");
            }

            types.AddRange(toolTypes);
        }

        builder.Services.TryAddSingleton<PrincipalDirectory>();
        builder.Services.TryAddSingleton<PrincipalResolver>();
        builder.Services.TryAddSingleton<EpisodicMemory>();
        builder.Services.TryAddSingleton<SemanticMemory>();
        builder.Services.TryAddSingleton<GraphChangeNotifier>();
        builder.Services.TryAddSingleton(sp => DocumentChunker.For(sp.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>()));
        builder.Services.TryAddSingleton<DocumentMemory>();
        builder.Services.TryAddSingleton<ToolRegistry>();
        builder.Services.AddOptions<UpstreamOptions>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<UpstreamOptions>, UpstreamOptionsValidator>());
        builder.Services.TryAddSingleton<UpstreamHost>();
        if (chosen.Contains(McpMemoryToolsets.Toolhost, StringComparer.OrdinalIgnoreCase))
        {
            // Connects to the configured upstream servers when the server starts, and closes them when it stops.
            builder.Services.AddHostedService(sp => sp.GetRequiredService<UpstreamHost>());
        }

        builder.WithTools(types.Distinct(), McpMemoryJsonContext.ToolOptions);
        if (chosen.Contains(McpMemoryToolsets.Graph, StringComparer.OrdinalIgnoreCase))
        {
            builder.WithResources<KnowledgeGraphResources>()
                .WithSubscribeToResourcesHandler(GraphSubscriptionHandlers.SubscribeAsync)
                .WithUnsubscribeFromResourcesHandler(GraphSubscriptionHandlers.UnsubscribeAsync)
                .WithSubscriptionsListenHandler(GraphSubscriptionHandlers.ListenAsync);
        }

        return builder;
    }
}
