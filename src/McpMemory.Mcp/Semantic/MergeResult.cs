using System.ComponentModel;
using McpMemory.Core.Semantic;

namespace McpMemory.Mcp.Semantic;

/// <summary>The result of <c>entity_merge</c> and <c>entity_unmerge</c>.</summary>
/// <param name="Entity">The merged entity (merge), or the restored one (unmerge).</param>
/// <param name="Merge">The merge record; its id undoes it.</param>
/// <param name="Namespace">The namespace written.</param>
public sealed record MergeResult(
    [property: Description("After entity_merge: the entity that absorbed the other. After entity_unmerge: the entity brought back")] EntityView Entity,
    [property: Description("The merge record: pass its 'id' to entity_unmerge to undo it")] GraphMerge Merge,
    [property: Description("The namespace written")] string Namespace);
