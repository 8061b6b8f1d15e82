namespace McpMemory.Core.Episodic;

/// <summary>What happened to one record of a write.</summary>
/// <param name="Id">The record's id: the new one, or the existing record's when the client id was seen before.</param>
/// <param name="Created">False when the write was a retry of an earlier one (same client id or id) and changed nothing.</param>
public sealed record AddOutcome(string Id, bool Created);
