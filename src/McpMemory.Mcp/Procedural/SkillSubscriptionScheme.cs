using McpMemory.Core.Identity;
using McpMemory.Mcp.Notifications;

namespace McpMemory.Mcp.Procedural;

/// <summary>Subscriptions to skill resources (<c>skill://{namespace}/{name}</c>), kept under the URI as we write it.</summary>
public sealed class SkillSubscriptionScheme : IResourceSubscriptionScheme
{
    /// <inheritdoc />
    public string Describe => SkillResourceUri.Template;

    /// <inheritdoc />
    public string? KeyOf(MemoryPrincipal principal, string uri)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (!SkillResourceUri.TryParse(uri, out var ns, out var name))
        {
            return null;
        }

        NamespaceReadCheck.Require(principal, ns);
        return SkillResourceUri.For(ns, name);
    }
}
