using McpMemory.Core;
using McpMemory.Core.Identity;
using ModelContextProtocol;

namespace McpMemory.Mcp.Notifications;

/// <summary>The check every subscription scheme makes: the principal may read the namespace, as a protocol error when not.</summary>
internal static class NamespaceReadCheck
{
    public static void Require(MemoryPrincipal principal, string ns)
    {
        try
        {
            principal.ResolveNamespace(ns, NamespaceAccess.Read);
        }
        catch (McpMemoryException ex)
        {
            throw new McpProtocolException($"{ex.Message} [{ex.Code}]", ex, McpErrorCode.InvalidParams);
        }
    }
}
