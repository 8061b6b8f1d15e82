namespace McpMemory.Core.Procedural;

/// <summary>
/// Skills of a namespace are kept as records of a hidden companion namespace of the store, named after it with
/// <see cref="Suffix"/> (as documents are, see <see cref="Documents.DocumentNamespace"/>): '~' is not allowed in namespace
/// names, so no caller can name it and episode tools never see skills.
/// </summary>
public static class SkillNamespace
{
    /// <summary>What follows a namespace's name in the name of its skills' companion.</summary>
    public const string Suffix = "~skills";

    /// <summary>The store namespace that holds the skills of <paramref name="ns"/>.</summary>
    public static string For(string ns)
    {
        ArgumentException.ThrowIfNullOrEmpty(ns);
        return ns + Suffix;
    }

    /// <summary>True when <paramref name="storeNamespace"/> holds skills; <paramref name="owner"/> is then the namespace they belong to.</summary>
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
