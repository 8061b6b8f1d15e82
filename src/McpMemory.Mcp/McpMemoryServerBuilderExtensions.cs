using McpMemory.Core;
using McpMemory.Core.Cache;
using McpMemory.Core.Documents;
using McpMemory.Core.Episodic;
using McpMemory.Core.Procedural;
using McpMemory.Core.Semantic;
using McpMemory.Core.Tools;
using McpMemory.Mcp.Validation;
using McpMemory.Mcp.Notifications;
using McpMemory.Mcp.Procedural;
using McpMemory.Mcp.Upstreams;
using Microsoft.Extensions.Options;
using McpMemory.Mcp.Semantic;
using McpMemory.Core.Identity;
using McpMemory.Mcp;
using McpMemory.Mcp.Identity;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ModelContextProtocol.Server;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds McpMemory's tools to an MCP server.</summary>
public static class McpMemoryServerBuilderExtensions
{
    /// <summary>
    /// Registers the tools of the chosen <paramref name="toolsets"/> (all when null or empty) and the services they
    /// use. The <c>toolhost</c> toolset also connects to the upstream MCP servers of <c>UpstreamOptions</c> while the
    /// server runs. The <c>graph</c> toolset also brings the graph resources (<see cref="KnowledgeGraphResources"/>); the
    /// <c>procedural</c> toolset brings skills as prompts (<see cref="SkillPrompts"/>, with completion) and resources
    /// (<see cref="SkillResources"/>), and announces list changes. Either brings the handlers that subscribe clients to
    /// resources (<see cref="ResourceSubscriptionHandlers"/>), so that the server advertises <c>resources.subscribe</c>. Needs an
    /// <c>IEpisodeStore</c>, an <c>IKnowledgeGraphStore</c>, an <c>IEmbeddingGenerator</c> of strings (whose tokenizer
    /// sizes document chunks) and <c>McpMemoryOptions</c> registered; the <c>cache</c> toolset's entries are invalidated
    /// when their source records are deleted once <c>AddEpisodeChangeFeed()</c> wraps the store.
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

        // Arguments that do not bind get an answer naming each violation of the tool's schema.
        builder.WithRequestFilters(filters => filters.AddCallToolFilter(ArgumentErrors.Filter));
        builder.Services.TryAddSingleton<PrincipalDirectory>();
        builder.Services.TryAddSingleton<PrincipalResolver>();
        builder.Services.TryAddSingleton<EpisodicMemory>();
        builder.Services.TryAddSingleton<SemanticMemory>();
        builder.Services.TryAddSingleton<ChangeNotifier>();
        builder.Services.TryAddSingleton<GraphChangeNotifier>();
        builder.Services.TryAddSingleton(sp => DocumentChunker.For(sp.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>()));
        builder.Services.TryAddSingleton<DocumentMemory>();
        builder.Services.TryAddSingleton<ProceduralMemory>();
        builder.Services.TryAddSingleton<SkillChangeNotifier>();
        builder.Services.AddOptions<SemanticCacheOptions>();
        builder.Services.TryAddSingleton<SemanticCache>();
        builder.Services.TryAddSingleton<ToolRegistry>();
        builder.Services.AddOptions<UpstreamOptions>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<UpstreamOptions>, UpstreamOptionsValidator>());
        builder.Services.TryAddSingleton<UpstreamHost>();
        builder.Services.AddOptions<McpMemory.Mcp.Agents.AgentOptions>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<McpMemory.Mcp.Agents.AgentOptions>, McpMemory.Mcp.Agents.AgentOptionsValidator>());
        builder.Services.TryAddSingleton<McpMemory.Mcp.Agents.AgentDirectory>();
        if (chosen.Contains(McpMemoryToolsets.Toolhost, StringComparer.OrdinalIgnoreCase))
        {
            // Connects to the configured upstream servers when the server starts, and closes them when it stops.
            builder.Services.AddHostedService(sp => sp.GetRequiredService<UpstreamHost>());
        }

        builder.WithTools(types.Distinct(), McpMemoryJsonContext.ToolOptions);

        // Resources of every chosen toolset share one set of subscription handlers, which ask each registered scheme.
        var subscribable = false;
        if (chosen.Contains(McpMemoryToolsets.Graph, StringComparer.OrdinalIgnoreCase))
        {
            builder.WithResources<KnowledgeGraphResources>();
            builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IResourceSubscriptionScheme, GraphSubscriptionScheme>());
            subscribable = true;
        }

        if (chosen.Contains(McpMemoryToolsets.Procedural, StringComparer.OrdinalIgnoreCase))
        {
            builder.WithResources<SkillResources>()
                .WithListResourcesHandler(SkillResources.ListAsync)
                .WithListPromptsHandler(SkillPrompts.ListAsync)
                .WithGetPromptHandler(SkillPrompts.GetAsync)
                .WithCompleteHandler(SkillPrompts.CompleteAsync);
            builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IResourceSubscriptionScheme, SkillSubscriptionScheme>());
            builder.Services.Configure<McpServerOptions>(options =>
            {
                options.Capabilities ??= new();
                options.Capabilities.Prompts ??= new();
                options.Capabilities.Prompts.ListChanged = true;
                options.Capabilities.Resources ??= new();
                options.Capabilities.Resources.ListChanged = true;
            });

            // List changes go to every session this process has heard from (of revisions before subscriptions/listen).
            builder.WithMessageFilters(filters => filters.AddIncomingFilter(next => (context, cancellationToken) =>
            {
                context.Server.Services?.GetService<ChangeNotifier>()?.Track(context.Server);
                return next(context, cancellationToken);
            }));
            subscribable = true;
        }

        if (subscribable)
        {
            builder.WithSubscribeToResourcesHandler(ResourceSubscriptionHandlers.SubscribeAsync)
                .WithUnsubscribeFromResourcesHandler(ResourceSubscriptionHandlers.UnsubscribeAsync)
                .WithSubscriptionsListenHandler(ResourceSubscriptionHandlers.ListenAsync);
        }

        return builder;
    }
}
