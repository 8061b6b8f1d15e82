namespace McpMemory.A2A.Execution;

/// <summary>A skill as the agent card lists it.</summary>
/// <param name="Id">The id clients name in <c>metadata.skill</c> or a data part's <c>skill</c>.</param>
/// <param name="Name">A short human name.</param>
/// <param name="Description">What it does and how to ask for it.</param>
/// <param name="Tags">Keywords.</param>
/// <param name="Examples">Example requests.</param>
public sealed record A2ASkill(string Id, string Name, string Description, IReadOnlyList<string> Tags, IReadOnlyList<string> Examples);
