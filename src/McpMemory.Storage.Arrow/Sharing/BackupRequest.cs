namespace McpMemory.Storage.Arrow.Sharing;

/// <summary>Asks the owner to write a backup into <paramref name="Directory"/> (an absolute path).</summary>
internal sealed record BackupRequest(string Directory);
