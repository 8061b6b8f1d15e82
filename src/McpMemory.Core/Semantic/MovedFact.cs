namespace McpMemory.Core.Semantic;

/// <summary>A fact that a merge moved: which of its ends pointed at the merged entity.</summary>
/// <param name="Id">The fact version.</param>
/// <param name="Subject">True when its subject was the merged entity.</param>
/// <param name="Object">True when its object was the merged entity.</param>
public sealed record MovedFact(string Id, bool Subject, bool Object);
