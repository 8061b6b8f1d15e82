using McpMemory.Core.Identity;

namespace McpMemory.Core.Cache;

/// <summary>
/// Cache entries of a namespace are records of the episode store in a hidden companion namespace (the namespace's
/// name followed by <see cref="Suffix"/>), and the cache's counters are records of a second one
/// (<see cref="StatsSuffix"/>). '~' is not allowed in namespace names (<see cref="NamespaceName"/>), so no caller can
/// name either, and episode tools never see them.
/// </summary>
public static class CacheNamespace
{
    /// <summary>What follows a namespace's name in the name of its cache entries' companion.</summary>
    public const string Suffix = "~cache";

    /// <summary>What follows a namespace's name in the name of its cache counters' companion.</summary>
    public const string StatsSuffix = "~cachestats";

    /// <summary>The store namespace that holds the cache entries of <paramref name="ns"/>.</summary>
    public static string For(string ns)
    {
        ArgumentException.ThrowIfNullOrEmpty(ns);
        return ns + Suffix;
    }

    /// <summary>The store namespace that holds the cache counters of <paramref name="ns"/>.</summary>
    public static string StatsFor(string ns)
    {
        ArgumentException.ThrowIfNullOrEmpty(ns);
        return ns + StatsSuffix;
    }

    /// <summary>True when <paramref name="storeNamespace"/> holds cache entries or counters; <paramref name="owner"/> is then the namespace they belong to.</summary>
    public static bool TryGetOwner(string storeNamespace, out string owner)
    {
        ArgumentNullException.ThrowIfNull(storeNamespace);
        foreach (var suffix in new[] { Suffix, StatsSuffix })
        {
            if (storeNamespace.Length > suffix.Length && storeNamespace.EndsWith(suffix, StringComparison.Ordinal))
            {
                owner = storeNamespace[..^suffix.Length];
                return true;
            }
        }

        owner = storeNamespace;
        return false;
    }
}
