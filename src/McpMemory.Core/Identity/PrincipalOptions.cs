namespace McpMemory.Core.Identity;

/// <summary>What one principal (a user, an agent, a client) may do.</summary>
public sealed class PrincipalOptions
{
    /// <summary>The namespace used when a call names none.</summary>
    public string DefaultNamespace { get; set; } = "default";

    /// <summary>Namespaces it may read and write, besides its default. <c>*</c> allows any.</summary>
    public List<string> Namespaces { get; set; } = [];

    /// <summary>Namespaces it may only read. <c>*</c> allows reading any.</summary>
    public List<string> ReadOnlyNamespaces { get; set; } = [];
}
