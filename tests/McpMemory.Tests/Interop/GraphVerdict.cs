namespace McpMemory.Tests.Interop;

/// <summary>How one call of the script compared: discrepancies (the test fails on any) and notes (agreeing, but worth a look).</summary>
public sealed record GraphVerdict(GraphCall Call, IReadOnlyList<string> Problems, IReadOnlyList<string> Notes)
{
    public bool Agrees => Problems.Count == 0;
}
