namespace McpMemory.Storage.Arrow.Files;

/// <summary>One Arrow segment file.</summary>
internal sealed class SegmentEntry
{
    public required string File { get; set; }

    public required int Records { get; set; }

    public required int Rows { get; set; }
}
