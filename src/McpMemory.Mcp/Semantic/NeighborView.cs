using System.ComponentModel;

namespace McpMemory.Mcp.Semantic;

/// <summary>An entity reached by a traversal.</summary>
/// <param name="Entity">The entity.</param>
/// <param name="Distance">Hops from the start.</param>
public sealed record NeighborView(
    [property: Description("The entity")] EntityView Entity,
    [property: Description("Hops from the start entity")] int Distance);
