using McpMemory.A2A.Execution;
using McpMemory.A2A.Server;
using McpMemory.A2A.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace McpMemory.A2A;

/// <summary>Registers and maps the A2A server.</summary>
public static class A2AServerExtensions
{
    /// <summary>
    /// Adds the A2A server: the task store (<see cref="ITaskStore"/>, one file a task under the data directory) and the
    /// agent (<see cref="IA2AAgent"/>, skills backed by the memory), both replaceable by registering them first. Needs
    /// the memory services (<c>EpisodicMemory</c>, <c>SemanticMemory</c>, <c>PrincipalDirectory</c>).
    /// </summary>
    public static IServiceCollection AddA2AServer(this IServiceCollection services, Action<A2AServerOptions>? configure = null)
    {
        var builder = services.AddOptions<A2AServerOptions>();
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        builder.Validate(o => o.RecallResults is >= 1 and <= 100 && o.JsonRpcPath.StartsWith('/') && o.RestPath.StartsWith('/') && o.RestPath != o.JsonRpcPath && o.PushMaxAttempts >= 1 && o.PushInitialBackoff >= TimeSpan.Zero && o.MaxRequestBytes >= 1024 && o.TaskRetention >= TimeSpan.Zero
                && o.PushAllowedUrls.All(UrlPrefix.IsValid),
            "McpMemory:A2A: RecallResults must be 1-100, JsonRpcPath and RestPath different paths starting with '/', PushMaxAttempts at least 1, PushInitialBackoff not negative, MaxRequestBytes at least 1024, TaskRetention not negative (0 keeps tasks for ever), and every PushAllowedUrls entry an absolute http(s) URL such as https://hooks.example.com/a2a/.").ValidateOnStart();
        services.TryAddSingleton<ITaskStore, FileTaskStore>();
        services.TryAddSingleton<IA2AAgent, MemoryAgent>();
        services.AddGrpc();
        services.TryAddSingleton<PushNotifier>();
        services.TryAddSingleton<TaskRunners>();
        services.TryAddSingleton<TaskManager>();
        services.TryAddSingleton<JsonRpcEndpoint>();
        services.TryAddSingleton<RestEndpoint>();
        services.TryAddSingleton<AgentCardEndpoint>();
        return services;
    }

    /// <summary>
    /// Maps the agent card at <c>/.well-known/agent-card.json</c> (public), JSON-RPC at <see cref="A2AServerOptions.JsonRpcPath"/>
    /// and the REST binding under <see cref="A2AServerOptions.RestPath"/>; returns the group of the JSON-RPC and REST
    /// endpoints so the host can require authorization on them. When the host stops, running tasks are stopped first.
    /// </summary>
    public static IEndpointConventionBuilder MapA2A(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var services = endpoints.ServiceProvider;
        var options = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<A2AServerOptions>>().Value;
        var card = services.GetRequiredService<AgentCardEndpoint>();
        var jsonRpc = services.GetRequiredService<JsonRpcEndpoint>();
        var rest = services.GetRequiredService<RestEndpoint>();
        var tasks = services.GetRequiredService<TaskManager>();
        services.GetRequiredService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>().ApplicationStopping.Register(() => tasks.Stop(TimeSpan.FromSeconds(10)));
        endpoints.MapMethods(AgentCardEndpoint.Path, [HttpMethods.Get, HttpMethods.Head], card.HandleAsync);
        var group = endpoints.MapGroup("");
        group.MapPost(options.JsonRpcPath, jsonRpc.HandleAsync);
        group.MapMethods(options.RestPath.TrimEnd('/') + "/{**path}", [HttpMethods.Get, HttpMethods.Post, HttpMethods.Delete], rest.HandleAsync);
        return group;
    }

    /// <summary>
    /// Maps the gRPC binding (<c>lf.a2a.v1.A2AService</c>), served only on <paramref name="port"/> (an HTTP/2 endpoint
    /// without TLS); returns it so the host can require authorization on it.
    /// </summary>
    public static IEndpointConventionBuilder MapA2AGrpc(this IEndpointRouteBuilder endpoints, int port) =>
        endpoints.MapGrpcService<Grpc.A2AGrpcService>().RequireHost($"*:{port}");
}
