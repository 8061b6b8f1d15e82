using McpMemory.A2A;
using Microsoft.Extensions.Options;

namespace McpMemory.Mcp.Agents;

/// <summary>Refuses an allow-list entry that is not an absolute http or https URL, naming it.</summary>
internal sealed class AgentOptionsValidator : IValidateOptions<AgentOptions>
{
    public ValidateOptionsResult Validate(string? name, AgentOptions options)
    {
        var bad = options.AllowedUrls.Where(u => !UrlPrefix.IsValid(u)).ToList();
        return bad.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"McpMemory:Agents:AllowedUrls has {string.Join(", ", bad.Select(u => $"'{u}'"))}; every entry must be an absolute http or https URL prefix such as https://agents.example.com/.");
    }
}
