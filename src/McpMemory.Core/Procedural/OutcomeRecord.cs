namespace McpMemory.Core.Procedural;

/// <summary>What an outcome record keeps in its metadata (its time is the record's timestamp).</summary>
internal sealed record OutcomeRecord(bool Success, double? DurationMs, string? Note, int Version);
