namespace McpMemory.Mcp.Semantic;

/// <summary>
/// The URIs of the graph resources: <c>graph://{namespace}/entity/{name}</c>, <c>graph://{namespace}/neighborhood/{name}</c>
/// (namespace and name escaped with <see cref="Uri.EscapeDataString(string)"/>) and the official server's fixed
/// <c>memory://knowledge-graph</c>.
/// </summary>
public static class GraphResourceUri
{
    /// <summary>The template of an entity's resource.</summary>
    public const string EntityTemplate = "graph://{namespace}/entity/{name}";

    /// <summary>The template of an entity's neighbourhood resource.</summary>
    public const string NeighborhoodTemplate = "graph://{namespace}/neighborhood/{name}";

    /// <summary>The whole-graph resource of the official memory server (the caller's default namespace).</summary>
    public const string WholeGraph = "memory://knowledge-graph";

    /// <summary>The kind of an entity's resource.</summary>
    public const string EntityKind = "entity";

    /// <summary>The kind of a neighbourhood resource.</summary>
    public const string NeighborhoodKind = "neighborhood";

    private const string Scheme = "graph://";

    /// <summary>The URI of an entity's resource.</summary>
    public static string Entity(string ns, string name) => $"{Scheme}{Uri.EscapeDataString(ns)}/{EntityKind}/{Uri.EscapeDataString(name)}";

    /// <summary>The URI of an entity's neighbourhood resource.</summary>
    public static string Neighborhood(string ns, string name) => $"{Scheme}{Uri.EscapeDataString(ns)}/{NeighborhoodKind}/{Uri.EscapeDataString(name)}";

    /// <summary>
    /// Reads a <c>graph://</c> URI however its name was escaped (a client may escape more or less than we do); false
    /// for any other URI. The name is everything after the kind, so an unescaped '/' stays part of it.
    /// </summary>
    public static bool TryParse(string? uri, out string kind, out string ns, out string name)
    {
        kind = ns = name = "";
        if (uri is null || !uri.StartsWith(Scheme, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = uri[Scheme.Length..].Split('/', 3);
        if (parts.Length != 3 || parts[1] is not (EntityKind or NeighborhoodKind))
        {
            return false;
        }

        kind = parts[1];
        ns = Uri.UnescapeDataString(parts[0]);
        name = Uri.UnescapeDataString(parts[2]);
        return ns.Length > 0 && name.Length > 0;
    }

    /// <summary>The URI as we write it (so that differently escaped spellings of one resource compare equal); null for a URI that is not a graph resource.</summary>
    public static string? Canonical(string? uri) =>
        uri == WholeGraph ? WholeGraph
        : TryParse(uri, out var kind, out var ns, out var name) ? (kind == EntityKind ? Entity(ns, name) : Neighborhood(ns, name))
        : null;
}
