using McpMemory.Core.Identity;

namespace McpMemory.Core.Storage;

/// <summary>
/// A hidden companion of a namespace in the episode store: documents, skills, cache entries and the like are kept as
/// records of a store namespace named after the namespace they belong to, followed by a suffix that starts with '~'.
/// '~' is not allowed in namespace names (<see cref="NamespaceName"/>), so no caller can name a companion and episode
/// tools never see its records; what is written there is still durable, shared between processes and backed up like
/// every other record. <see cref="All"/> lists them, so that statistics and <c>reindex</c> handle each the same way.
/// </summary>
public sealed class CompanionNamespace
{
    private CompanionNamespace(string suffix, string kind, string label)
    {
        Suffix = suffix;
        Kind = kind;
        Label = label;
    }

    /// <summary>The chunks of a namespace's documents.</summary>
    public static CompanionNamespace Documents { get; } = new("~docs", NamespaceStats.DocumentsKind, "Documents");

    /// <summary>A namespace's skills and their outcomes (procedural memory).</summary>
    public static CompanionNamespace Skills { get; } = new("~skills", NamespaceStats.SkillsKind, "Skills");

    /// <summary>A namespace's semantic cache entries.</summary>
    public static CompanionNamespace CacheEntries { get; } = new("~cache", NamespaceStats.CacheKind, "Cached answers");

    /// <summary>The counters of a namespace's semantic cache.</summary>
    public static CompanionNamespace CacheCounters { get; } = new("~cachestats", NamespaceStats.CacheCountersKind, "Cache counters");

    /// <summary>A namespace's tool registry (one record per registered tool).</summary>
    public static CompanionNamespace Tools { get; } = new("~tools", NamespaceStats.ToolsKind, "Registered tools");

    /// <summary>Every companion there is.</summary>
    public static IReadOnlyList<CompanionNamespace> All { get; } = [Documents, Skills, CacheEntries, CacheCounters, Tools];

    /// <summary>What follows a namespace's name in the name of this companion.</summary>
    public string Suffix { get; }

    /// <summary>The <see cref="NamespaceStats.Kind"/> its records are counted as.</summary>
    public string Kind { get; }

    /// <summary>What its records are, for people ("Documents", "Skills").</summary>
    public string Label { get; }

    /// <summary>The store namespace of this companion of <paramref name="ns"/>.</summary>
    public string For(string ns)
    {
        ArgumentException.ThrowIfNullOrEmpty(ns);
        return ns + Suffix;
    }

    /// <summary>True when <paramref name="storeNamespace"/> is this companion of a namespace; <paramref name="owner"/> is then that namespace.</summary>
    public bool TryGetOwner(string storeNamespace, out string owner)
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

    /// <summary>The companion <paramref name="storeNamespace"/> is, with the namespace it belongs to; null for a plain namespace.</summary>
    public static CompanionNamespace? Of(string storeNamespace, out string owner)
    {
        foreach (var companion in All)
        {
            if (companion.TryGetOwner(storeNamespace, out owner))
            {
                return companion;
            }
        }

        owner = storeNamespace;
        return null;
    }

    /// <inheritdoc/>
    public override string ToString() => Label;
}
