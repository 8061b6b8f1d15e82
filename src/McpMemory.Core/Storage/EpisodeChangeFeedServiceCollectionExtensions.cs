using McpMemory.Core.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the <see cref="EpisodeChangeFeed"/>.</summary>
public static class EpisodeChangeFeedServiceCollectionExtensions
{
    /// <summary>
    /// Registers an <see cref="EpisodeChangeFeed"/> and wraps the <see cref="IEpisodeStore"/> registered so far so
    /// that every deletion through it is published there. Call it after the store is registered; calling it again
    /// changes nothing.
    /// </summary>
    public static IServiceCollection AddEpisodeChangeFeed(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<EpisodeChangeFeed>();
        var existing = services.LastOrDefault(d => d.ServiceType == typeof(IEpisodeStore))
            ?? throw new InvalidOperationException("Register an IEpisodeStore (such as AddArrowEpisodeStore) before AddEpisodeChangeFeed.");
        if (existing.ImplementationFactory?.Target is NotifyingFactory)
        {
            return services;
        }

        services.Remove(existing);
        var factory = new NotifyingFactory(existing);
        services.Add(ServiceDescriptor.Describe(typeof(IEpisodeStore), factory.Create, existing.Lifetime));
        return services;
    }

    private sealed class NotifyingFactory(ServiceDescriptor inner)
    {
        public object Create(IServiceProvider services)
        {
            var store = (IEpisodeStore)(inner.ImplementationInstance
                ?? inner.ImplementationFactory?.Invoke(services)
                ?? ActivatorUtilities.CreateInstance(services, inner.ImplementationType!));
            return new ChangeNotifyingEpisodeStore(store, services.GetRequiredService<EpisodeChangeFeed>());
        }
    }
}
