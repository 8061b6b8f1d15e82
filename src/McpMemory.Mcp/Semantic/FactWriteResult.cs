using System.ComponentModel;
using System.Text.Json.Serialization;
using McpMemory.Core.Semantic;

namespace McpMemory.Mcp.Semantic;

/// <summary>The result of <c>fact_add</c> and <c>fact_supersede</c>.</summary>
/// <param name="Fact">The fact now recorded (or the existing one that already said the same).</param>
/// <param name="Unchanged">True when an existing current fact already said the same over the whole period.</param>
/// <param name="Superseded">Older versions this write invalidated, and the versions recorded to keep their remaining periods.</param>
/// <param name="Note">What the write decided that the call did not spell out (such as a valid_to it set); null when nothing.</param>
/// <param name="Namespace">The namespace written.</param>
public sealed record FactWriteResult(
    [property: Description("The fact recorded, or the existing one that already said the same")] GraphFact Fact,
    [property: Description("True when nothing was written because a current fact already said the same")] bool Unchanged,
    [property: Description("Versions this write invalidated (invalidated_at set, kept in history) and the versions recorded in their place for the rest of their periods (valid_to closed at the new fact's valid_from)")] IReadOnlyList<GraphFact> Superseded,
    [property: Description("What the write decided that the call did not spell out, such as a valid_to set because a later fact of a single-valued predicate begins then; null when nothing"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Note,
    [property: Description("The namespace written")] string Namespace);
