using System.ComponentModel;
using System.Text.Json.Serialization;
using McpMemory.Core.Semantic;

namespace McpMemory.Mcp.Semantic;

/// <summary>The result of <c>entity_merge</c> and <c>entity_unmerge</c>.</summary>
/// <param name="Entity">The merged entity (merge), or the restored one (unmerge).</param>
/// <param name="Merge">The merge record; its id undoes it.</param>
/// <param name="Note">What the merge did to facts beyond moving them (or what an undo could not put back); null when nothing.</param>
/// <param name="Namespace">The namespace written.</param>
public sealed record MergeResult(
    [property: Description("After entity_merge: the entity that absorbed the other. After entity_unmerge: the entity brought back")] EntityView Entity,
    [property: Description("The merge record: pass its 'id' to entity_unmerge to undo it")] GraphMerge Merge,
    [property: Description("entity_merge: which facts of single-valued predicates it closed because they overlapped once on one entity; entity_unmerge: which of them stayed closed because later facts changed them; null when nothing"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Note,
    [property: Description("The namespace written")] string Namespace);
