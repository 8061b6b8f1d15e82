using McpMemory.Core;
using McpMemory.Core.Semantic;
using McpMemory.Mcp.Notifications;

namespace McpMemory.Mcp.Semantic;

/// <summary>
/// Works out which graph resources a write of this process changed, and has <see cref="ChangeNotifier"/> send
/// <c>notifications/resources/updated</c> to their subscribers: <c>graph://NS/entity/NAME</c>,
/// <c>graph://NS/neighborhood/NAME</c> and the whole-graph resource <c>memory://knowledge-graph</c> (of the namespace
/// that was the subscriber's default when it subscribed). Subscriptions are kept under keys (<see cref="KeyOf"/>), so
/// that spellings of one URI that escape differently are one subscription (see <see cref="GraphSubscriptionScheme"/>).
/// A neighbourhood shows its entities whole, so a change of an entity also updates the neighbourhoods of the entities
/// related to it (looked up in <paramref name="store"/> when such a subscription exists).
/// </summary>
/// <param name="changes">The subscriptions and the sessions to notify.</param>
/// <param name="store">The graphs, to find the neighbours of changed entities; without it only the changed entities' own neighbourhoods are updated.</param>
public sealed class GraphChangeNotifier(ChangeNotifier changes, IKnowledgeGraphStore? store = null)
{
    /// <summary>The whole-graph resource of the official memory server.</summary>
    public const string WholeGraphUri = GraphResourceUri.WholeGraph;

    private const int NeighborLookup = 500;

    /// <summary>The URI of an entity's resource.</summary>
    public static string EntityUri(string ns, string name) => GraphResourceUri.Entity(ns, name);

    /// <summary>The URI of an entity's neighbourhood resource.</summary>
    public static string NeighborhoodUri(string ns, string name) => GraphResourceUri.Neighborhood(ns, name);

    /// <summary>
    /// The key a subscription to <paramref name="uri"/> is kept under: the canonical <c>graph://</c> URI, or for the
    /// whole graph the URI with <paramref name="defaultNamespace"/> (the namespace it shows) after a '#'.
    /// </summary>
    public static string KeyOf(string uri, string defaultNamespace) =>
        uri == WholeGraphUri ? WholeGraphKey(defaultNamespace) : GraphResourceUri.Canonical(uri) ?? uri;

    /// <summary>Notifies every session subscribed to a resource that the change of <paramref name="names"/> in <paramref name="ns"/> touches.</summary>
    public async Task GraphChangedAsync(string ns, IEnumerable<string> names, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(names);
        if (changes.HasNoSubscribers)
        {
            return;
        }

        var changed = new HashSet<string>(StringComparer.Ordinal) { WholeGraphUri, WholeGraphKey(ns) };
        var touched = names.Distinct(StringComparer.Ordinal).ToList();
        foreach (var name in touched)
        {
            changed.Add(EntityUri(ns, name));
            changed.Add(NeighborhoodUri(ns, name));
        }

        if (store is not null && touched.Count > 0 && WatchesNeighborhoods(ns))
        {
            try
            {
                foreach (var neighbor in await NeighborsAsync(store, ns, touched, cancellationToken).ConfigureAwait(false))
                {
                    changed.Add(NeighborhoodUri(ns, neighbor));
                }
            }
            catch (McpMemoryException)
            {
                // The write is done; without the lookup only the changed entities' own resources are updated.
            }
        }

        await changes.ResourcesUpdatedAsync(changed, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Notifies the sessions subscribed to the entity resources of <paramref name="subjects"/>, whose current facts
    /// changed (facts are part of an entity's resource only, not of neighbourhoods or the whole graph).
    /// </summary>
    public Task FactsChangedAsync(string ns, IEnumerable<string> subjects, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subjects);
        return changes.HasNoSubscribers
            ? Task.CompletedTask
            : changes.ResourcesUpdatedAsync(new HashSet<string>(subjects.Select(s => EntityUri(ns, s)), StringComparer.Ordinal), cancellationToken);
    }

    private static string WholeGraphKey(string ns) => $"{WholeGraphUri}#{Uri.EscapeDataString(ns)}";

    /// <summary>The entities one relation away from <paramref name="names"/> (those that still exist).</summary>
    private static async Task<HashSet<string>> NeighborsAsync(IKnowledgeGraphStore store, string ns, List<string> names, CancellationToken cancellationToken)
    {
        var neighbors = new HashSet<string>(StringComparer.Ordinal);
        for (var start = 0; start < names.Count; start += NeighborLookup)
        {
            var batch = names.GetRange(start, Math.Min(NeighborLookup, names.Count - start));
            var response = await store.ExecuteAsync(ns, new GraphRequest { Op = GraphOps.OpenNodes, Names = batch, Limit = NeighborLookup }, cancellationToken).ConfigureAwait(false);
            foreach (var relation in response.Relations ?? [])
            {
                neighbors.Add(relation.From);
                neighbors.Add(relation.To);
            }
        }

        return neighbors;
    }

    /// <summary>True when some subscription is to a neighbourhood in <paramref name="ns"/>.</summary>
    private bool WatchesNeighborhoods(string ns)
    {
        var prefix = NeighborhoodUri(ns, "");
        return changes.Watches(key => key.StartsWith(prefix, StringComparison.Ordinal));
    }
}
