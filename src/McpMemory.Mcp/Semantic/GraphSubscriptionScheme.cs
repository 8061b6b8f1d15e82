using McpMemory.Core.Identity;
using McpMemory.Mcp.Notifications;

namespace McpMemory.Mcp.Semantic;

/// <summary>Subscriptions to the graph resources: <c>memory://knowledge-graph</c> and the <c>graph://</c> templates.</summary>
public sealed class GraphSubscriptionScheme : IResourceSubscriptionScheme
{
    /// <inheritdoc />
    public string Describe => $"{GraphResourceUri.WholeGraph}, {GraphResourceUri.EntityTemplate}, {GraphResourceUri.NeighborhoodTemplate}";

    /// <inheritdoc />
    public string? KeyOf(MemoryPrincipal principal, string uri)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (uri == GraphResourceUri.WholeGraph)
        {
            return GraphChangeNotifier.KeyOf(uri, principal.DefaultNamespace);
        }

        if (!GraphResourceUri.TryParse(uri, out _, out var ns, out _))
        {
            return null;
        }

        NamespaceReadCheck.Require(principal, ns);
        return GraphChangeNotifier.KeyOf(uri, principal.DefaultNamespace);
    }
}
