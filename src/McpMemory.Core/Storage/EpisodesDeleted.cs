namespace McpMemory.Core.Storage;

/// <summary>Records that were deleted from a store namespace (documents' companions included).</summary>
/// <param name="Namespace">The store namespace, such as <c>alice</c> or its documents' companion <c>alice~docs</c>.</param>
/// <param name="Ids">The ids of the records deleted.</param>
public sealed record EpisodesDeleted(string Namespace, IReadOnlyList<string> Ids);
