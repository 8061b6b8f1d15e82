namespace McpMemory.Core.Episodic;

/// <summary>
/// One record to load from an export: what a caller would send to <c>episode_add</c>, plus the id and recording time
/// it had where it came from, so that a record keeps its identity across stores.
/// </summary>
/// <param name="Input">The record's fields.</param>
/// <param name="Id">The id to keep, or null to give the record a new one.</param>
/// <param name="RecordedAt">When the memory first recorded it, or null for now.</param>
public sealed record EpisodeImport(EpisodeInput Input, string? Id, DateTimeOffset? RecordedAt);
