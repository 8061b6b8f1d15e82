using System.ComponentModel;
using System.Text.Json.Serialization;
using McpMemory.Core.Semantic;

namespace McpMemory.Mcp.Semantic;

/// <summary>The result of <c>predicate_define</c> and <c>predicate_list</c>.</summary>
/// <param name="Predicates">The predicates.</param>
/// <param name="Note">predicate_define: what changing the predicate means for its facts; null when nothing.</param>
/// <param name="Namespace">The namespace.</param>
public sealed record PredicateResult(
    [property: Description("Declared predicates")] IReadOnlyList<GraphPredicate> Predicates,
    [property: Description("predicate_define: what changing the predicate means for its facts (such as no longer being single-valued); null when nothing"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Note,
    [property: Description("The namespace")] string Namespace);
