namespace McpMemory.Storage.Arrow.Lifecycle;

/// <summary>One namespace's knowledge graph in a backup.</summary>
internal sealed class BackupGraphEntry
{
    public required string Name { get; set; }

    /// <summary>Entities at the moment of the backup; a restore checks that the copy opens with exactly these.</summary>
    public required int Entities { get; set; }

    /// <summary>Relations at the moment of the backup.</summary>
    public required int Relations { get; set; }
}
