namespace McpMemory.Core.Identity;

/// <summary>The identity a request acts as, and the namespaces it may use.</summary>
public sealed class MemoryPrincipal
{
    private readonly HashSet<string> _readWrite;
    private readonly HashSet<string> _readOnly;

    /// <summary>Creates a principal from its options.</summary>
    public MemoryPrincipal(string name, PrincipalOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(options);
        Name = name;
        DefaultNamespace = NamespaceName.Validate(options.DefaultNamespace, $"principals.{name}.defaultNamespace");
        _readWrite = new HashSet<string>(options.Namespaces, StringComparer.Ordinal) { DefaultNamespace };
        _readOnly = new HashSet<string>(options.ReadOnlyNamespaces, StringComparer.Ordinal);
    }

    /// <summary>The principal's name.</summary>
    public string Name { get; }

    /// <summary>The namespace used when a call names none.</summary>
    public string DefaultNamespace { get; }

    /// <summary>True when the principal may use <paramref name="ns"/> for <paramref name="access"/>.</summary>
    public bool Allows(string ns, NamespaceAccess access) =>
        _readWrite.Contains(ns) || _readWrite.Contains("*") ||
        (access == NamespaceAccess.Read && (_readOnly.Contains(ns) || _readOnly.Contains("*")));

    /// <summary>
    /// Picks the namespace a call acts on: <paramref name="requested"/> when given and allowed, else the default.
    /// Throws <see cref="McpMemoryException"/> with <see cref="McpMemoryErrorCodes.NamespaceDenied"/> otherwise.
    /// </summary>
    public string ResolveNamespace(string? requested, NamespaceAccess access)
    {
        if (requested is null)
        {
            return DefaultNamespace;
        }

        NamespaceName.Validate(requested);
        if (!Allows(requested, access))
        {
            var verb = access == NamespaceAccess.Write ? "write to" : "read";
            throw new McpMemoryException(
                McpMemoryErrorCodes.NamespaceDenied,
                $"Principal '{Name}' may not {verb} namespace '{requested}'. Leave 'namespace' out to use '{DefaultNamespace}', or use one of: {Describe(access)}.");
        }

        return requested;
    }

    /// <summary>Lists the namespaces allowed for <paramref name="access"/>, for error messages.</summary>
    public string Describe(NamespaceAccess access)
    {
        var names = access == NamespaceAccess.Read ? _readWrite.Concat(_readOnly) : _readWrite;
        return string.Join(", ", names.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
    }
}
