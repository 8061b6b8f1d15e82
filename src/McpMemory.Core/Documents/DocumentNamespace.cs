using McpMemory.Core.Identity;

namespace McpMemory.Core.Documents;

/// <summary>
/// Documents of a namespace are kept, as chunk records, in a hidden companion namespace of the store: its name is the
/// namespace's followed by <see cref="Suffix"/>. '~' is not allowed in namespace names (<see cref="NamespaceName"/>),
/// so no caller can name a companion, and episode tools never see document chunks.
/// </summary>
public static class DocumentNamespace
{
    /// <summary>What follows a namespace's name in the name of its documents' companion.</summary>
    public const string Suffix = "~docs";

    /// <summary>The store namespace that holds the documents of <paramref name="ns"/>.</summary>
    public static string For(string ns)
    {
        ArgumentException.ThrowIfNullOrEmpty(ns);
        return ns + Suffix;
    }

    /// <summary>True when <paramref name="storeNamespace"/> holds documents; <paramref name="owner"/> is then the namespace they belong to.</summary>
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
