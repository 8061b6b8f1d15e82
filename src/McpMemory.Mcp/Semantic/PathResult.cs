using System.ComponentModel;

namespace McpMemory.Mcp.Semantic;

/// <summary>The result of <c>graph_path</c>.</summary>
/// <param name="Found">Whether a path exists within the depth.</param>
/// <param name="Length">Hops.</param>
/// <param name="Entities">The entities on the path, start to end.</param>
/// <param name="Steps">The hops.</param>
/// <param name="Namespace">The namespace read.</param>
public sealed record PathResult(
    [property: Description("True when a path exists within 'max_depth' hops")] bool Found,
    [property: Description("Hops on the shortest path; 0 when not found or when both ends are the same entity")] int Length,
    [property: Description("The entities on the path, from start to end")] IReadOnlyList<EntityView> Entities,
    [property: Description("The hops, in order")] IReadOnlyList<PathStepView> Steps,
    [property: Description("The namespace read")] string Namespace);
