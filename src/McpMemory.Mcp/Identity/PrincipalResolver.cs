using System.Security.Claims;
using McpMemory.Core.Identity;

namespace McpMemory.Mcp.Identity;

/// <summary>
/// Maps the identity of an MCP request to a memory principal: an authenticated HTTP caller acts as the principal its
/// bearer token names; stdio sessions and unauthenticated loopback HTTP act as the configured local principal.
/// </summary>
public sealed class PrincipalResolver(PrincipalDirectory directory)
{
    /// <summary>The principal for <paramref name="user"/>.</summary>
    public MemoryPrincipal Resolve(ClaimsPrincipal? user) =>
        user?.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? directory.Get(name) : directory.Local;
}
