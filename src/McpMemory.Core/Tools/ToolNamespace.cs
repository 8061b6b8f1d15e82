using McpMemory.Core.Identity;

namespace McpMemory.Core.Tools;

/// <summary>
/// The tool registry of a namespace is kept, one record per tool, in a hidden companion namespace of the episode store
/// named after it with <see cref="Suffix"/>. '~' is not allowed in namespace names (<see cref="NamespaceName"/>), so no
/// caller can name a companion, and episode tools never see tool definitions.
/// </summary>
public static class ToolNamespace
{
    /// <summary>What follows a namespace's name in the name of its registry's companion.</summary>
    public const string Suffix = "~tools";

    /// <summary>The store namespace that holds the registry of <paramref name="ns"/>.</summary>
    public static string For(string ns)
    {
        ArgumentException.ThrowIfNullOrEmpty(ns);
        return ns + Suffix;
    }

    /// <summary>True when <paramref name="storeNamespace"/> holds a registry; <paramref name="owner"/> is then the namespace it belongs to.</summary>
    public static bool TryGetOwner(string storeNamespace, out string owner)
    {
        ArgumentNullException.ThrowIfNull(storeNamespace);
        if (storeNamespace.Length > Suffix.Length && storeNamespace.EndsWith(Suffix, StringComparison.Ordinal))
        {
            owner = storeNamespace[..^Suffix.Length];
            return true;
        }

        owner = storeNamespace;
        return false;
    }
}
