namespace McpMemory.Core.Semantic;

/// <summary>Observations of one entity: to add, to delete, or the ones that were added.</summary>
/// <param name="EntityName">The exact entity name.</param>
/// <param name="Contents">The observation texts.</param>
public sealed record ObservationSet(string EntityName, IReadOnlyList<string> Contents);
