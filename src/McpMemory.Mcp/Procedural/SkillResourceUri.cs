namespace McpMemory.Mcp.Procedural;

/// <summary>The URIs of skill resources: <c>skill://{namespace}/{name}</c>, both parts escaped as URI data.</summary>
public static class SkillResourceUri
{
    /// <summary>The template of a skill's resource.</summary>
    public const string Template = "skill://{namespace}/{name}";

    private const string Scheme = "skill://";

    /// <summary>The URI of a skill's resource.</summary>
    public static string For(string ns, string name) => $"{Scheme}{Uri.EscapeDataString(ns)}/{Uri.EscapeDataString(name)}";

    /// <summary>Reads a <c>skill://</c> URI however it was escaped; false for any other URI.</summary>
    public static bool TryParse(string? uri, out string ns, out string name)
    {
        ns = name = "";
        if (uri is null || !uri.StartsWith(Scheme, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = uri[Scheme.Length..].Split('/', 2);
        if (parts.Length != 2)
        {
            return false;
        }

        ns = Uri.UnescapeDataString(parts[0]);
        name = Uri.UnescapeDataString(parts[1]);
        return ns.Length > 0 && name.Length > 0;
    }
}
