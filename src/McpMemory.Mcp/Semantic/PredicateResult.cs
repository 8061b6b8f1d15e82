using System.ComponentModel;
using McpMemory.Core.Semantic;

namespace McpMemory.Mcp.Semantic;

/// <summary>The result of <c>predicate_define</c> and <c>predicate_list</c>.</summary>
/// <param name="Predicates">The predicates.</param>
/// <param name="Namespace">The namespace.</param>
public sealed record PredicateResult(
    [property: Description("Declared predicates")] IReadOnlyList<GraphPredicate> Predicates,
    [property: Description("The namespace")] string Namespace);
