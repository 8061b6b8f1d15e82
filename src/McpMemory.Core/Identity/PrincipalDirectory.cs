using Microsoft.Extensions.Options;

namespace McpMemory.Core.Identity;

/// <summary>Finds principals by name, as configured in <see cref="McpMemoryOptions.Principals"/>.</summary>
public sealed class PrincipalDirectory
{
    private readonly Dictionary<string, MemoryPrincipal> _principals;

    /// <summary>Builds the directory from options.</summary>
    public PrincipalDirectory(IOptions<McpMemoryOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        _principals = new Dictionary<string, MemoryPrincipal>(StringComparer.Ordinal);
        foreach (var (name, principal) in value.Principals)
        {
            _principals[name] = new MemoryPrincipal(name, principal);
        }

        if (!_principals.ContainsKey(value.LocalPrincipal))
        {
            _principals[value.LocalPrincipal] = new MemoryPrincipal(value.LocalPrincipal, new PrincipalOptions { Namespaces = ["*"] });
        }

        Local = _principals[value.LocalPrincipal];
    }

    /// <summary>The principal of stdio sessions, the command line, and HTTP when no tokens are configured.</summary>
    public MemoryPrincipal Local { get; }

    /// <summary>Returns the principal called <paramref name="name"/>.</summary>
    public MemoryPrincipal Get(string name) =>
        _principals.TryGetValue(name, out var principal)
            ? principal
            : throw new McpMemoryException(McpMemoryErrorCodes.NamespaceDenied, $"Principal '{name}' is not configured: add it under 'McpMemory:Principals'.");
}
