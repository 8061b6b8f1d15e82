namespace McpMemory.Server.Hosting;

/// <summary>The HTTP transport's settings, bound from <c>McpMemory:Http</c>.</summary>
internal sealed class HttpHostOptions
{
    public const string SectionName = "McpMemory:Http";

    /// <summary>Bearer tokens and the principal each one acts as. With none, only loopback binding is allowed.</summary>
    public Dictionary<string, string> Tokens { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Browser origins allowed besides loopback ones (http(s)://localhost, 127.0.0.1, [::1] on any port).</summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>Host names the server answers to (exact names, or <c>*</c> for any). Default: loopback names, or any when bound elsewhere.</summary>
    public List<string> AllowedHosts { get; set; } = [];
}
