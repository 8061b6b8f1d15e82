namespace McpMemory.A2A.Client;

/// <summary>A skill an agent card advertises.</summary>
public sealed record A2APeerSkill(string Id, string Name, string? Description, IReadOnlyList<string> Tags);
