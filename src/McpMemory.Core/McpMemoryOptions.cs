using System.ComponentModel.DataAnnotations;
using McpMemory.Core.Identity;
using McpMemory.Core.Procedural;

namespace McpMemory.Core;

/// <summary>The configuration of McpMemory, bound from the <c>McpMemory</c> section.</summary>
public sealed class McpMemoryOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "McpMemory";

    /// <summary>Where everything is stored.</summary>
    [Required]
    public string DataDirectory { get; set; } = "";

    /// <summary>The principal of stdio sessions and the command line (and HTTP without tokens).</summary>
    [Required]
    public string LocalPrincipal { get; set; } = "local";

    /// <summary>Principals by name. One named <see cref="LocalPrincipal"/> is added (all namespaces) when missing.</summary>
    public Dictionary<string, PrincipalOptions> Principals { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The groups of tools exposed (<c>episodic</c>, <c>documents</c>; more come with later features). Empty means all groups.</summary>
    public List<string> Toolsets { get; set; } = [];

    /// <summary>Input limits.</summary>
    [Required]
    [Microsoft.Extensions.Options.ValidateObjectMembers]
    public EpisodeLimits Limits { get; set; } = new();

    /// <summary>Procedural memory: how skills are ranked (<c>McpMemory:Procedural</c>).</summary>
    [Required]
    [Microsoft.Extensions.Options.ValidateObjectMembers]
    public ProceduralOptions Procedural { get; set; } = new();

    /// <summary>The clock, replaceable in tests.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
