namespace McpMemory.Storage.Arrow.Lifecycle;

/// <summary>One namespace in a backup.</summary>
internal sealed class BackupNamespaceEntry
{
    public required string Name { get; set; }

    /// <summary>Live records at the moment of the snapshot; a restore checks that the copy opens with exactly these.</summary>
    public required long Records { get; set; }

    public required string Model { get; set; }

    public required int Dimensions { get; set; }
}
