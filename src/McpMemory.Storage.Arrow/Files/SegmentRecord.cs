using McpMemory.Core.Episodic;

namespace McpMemory.Storage.Arrow.Files;

/// <summary>A record with its embedded parts, as a segment file holds it.</summary>
/// <param name="Episode">The record.</param>
/// <param name="Parts">Its parts: character range and unit vector.</param>
internal sealed record SegmentRecord(Episode Episode, IReadOnlyList<(int Start, int End, ReadOnlyMemory<float> Vector)> Parts);
