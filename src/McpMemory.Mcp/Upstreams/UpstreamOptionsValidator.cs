using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace McpMemory.Mcp.Upstreams;

/// <summary>Refuses a configuration of upstream servers that cannot work, naming the key to fix.</summary>
internal sealed partial class UpstreamOptionsValidator : IValidateOptions<UpstreamOptions>
{
    public ValidateOptionsResult Validate(string? name, UpstreamOptions options)
    {
        var errors = new List<string>();
        foreach (var (server, value) in options.McpServers)
        {
            var key = $"McpMemory:Upstreams:mcpServers:{server}";
            if (!NamePattern().IsMatch(server))
            {
                errors.Add($"{key}: '{server}' is not a valid upstream name; use 1 to 64 lower-case letters, digits, '_' or '-' (its tools are named {server}.TOOL).");
            }

            var hasCommand = !string.IsNullOrWhiteSpace(value.Command);
            var hasUrl = !string.IsNullOrWhiteSpace(value.Url);
            if (hasCommand == hasUrl)
            {
                errors.Add($"{key}: give either 'command' (and 'args', 'env') to start a server over stdio, or 'url' for one that runs over HTTP, not {(hasCommand ? "both" : "neither")}.");
            }

            if (hasUrl && (!Uri.TryCreate(value.Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
            {
                errors.Add($"{key}:url '{value.Url}' is not an http or https URL.");
            }
        }

        Positive(errors, nameof(options.StartTimeout), options.StartTimeout);
        Positive(errors, nameof(options.CallTimeout), options.CallTimeout);
        Positive(errors, nameof(options.RetryDelay), options.RetryDelay);
        Positive(errors, nameof(options.MaxRetryDelay), options.MaxRetryDelay);
        Positive(errors, nameof(options.CacheTtl), options.CacheTtl);
        if (options.MaxCacheEntries < 0)
        {
            errors.Add($"McpMemory:Upstreams:MaxCacheEntries is {options.MaxCacheEntries}; use 0 (no cache) or more.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Positive(List<string> errors, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"McpMemory:Upstreams:{key} is {value}; give a positive time span such as 00:00:30.");
        }
    }

    [GeneratedRegex(@"\A[a-z0-9][a-z0-9_-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
