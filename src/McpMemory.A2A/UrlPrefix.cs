namespace McpMemory.A2A;

/// <summary>Allow-lists of URL prefixes, as operators write them for webhooks and peer agents.</summary>
public static class UrlPrefix
{
    /// <summary>
    /// True when <paramref name="uri"/> has the scheme, host and port of <paramref name="prefix"/> and a path under its
    /// path, segment by segment. Compared as URLs, not as strings, so the prefix <c>http://hooks.example.com</c> does
    /// not let <c>http://hooks.example.com.evil.test/</c> through, nor <c>/hook</c> let <c>/hookevil</c>.
    /// </summary>
    public static bool IsUnder(Uri uri, string prefix)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return Uri.TryCreate(prefix, UriKind.Absolute, out var allowed)
            && allowed.Scheme == uri.Scheme
            && string.Equals(allowed.IdnHost, uri.IdnHost, StringComparison.OrdinalIgnoreCase)
            && allowed.Port == uri.Port
            && uri.AbsolutePath.StartsWith(allowed.AbsolutePath, StringComparison.Ordinal)
            && (allowed.AbsolutePath.EndsWith('/') || uri.AbsolutePath.Length == allowed.AbsolutePath.Length || uri.AbsolutePath[allowed.AbsolutePath.Length] == '/');
    }

    /// <summary>True when <paramref name="prefix"/> is an absolute http or https URL, as an allow-list entry must be.</summary>
    public static bool IsValid(string prefix) =>
        Uri.TryCreate(prefix, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps);
}
