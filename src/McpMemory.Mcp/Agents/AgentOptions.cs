namespace McpMemory.Mcp.Agents;

/// <summary>Which peer agents this server may call, bound from <c>McpMemory:Agents</c>.</summary>
public sealed class AgentOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "McpMemory:Agents";

    /// <summary>
    /// URL prefixes (absolute http or https URLs) that agent cards and agent endpoints must be under, compared by
    /// scheme, host, port and whole path segments. Empty (the default) allows any http or https URL; an operator whose
    /// server can reach internal services lists the agents' hosts here so that agent_register cannot be pointed at them.
    /// </summary>
    public List<string> AllowedUrls { get; set; } = [];
}
