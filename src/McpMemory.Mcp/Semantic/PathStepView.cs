using System.ComponentModel;

namespace McpMemory.Mcp.Semantic;

/// <summary>One hop of a path.</summary>
/// <param name="From">Where the hop starts.</param>
/// <param name="RelationType">The relation followed.</param>
/// <param name="To">Where the hop ends.</param>
/// <param name="Direction">'forward' along the relation, 'backward' against it.</param>
public sealed record PathStepView(
    [property: Description("Where the hop starts")] string From,
    [property: Description("The relation followed")] string RelationType,
    [property: Description("Where the hop ends")] string To,
    [property: Description("'forward' when the relation points from 'from' to 'to', 'backward' when the path follows it in reverse")] string Direction);
