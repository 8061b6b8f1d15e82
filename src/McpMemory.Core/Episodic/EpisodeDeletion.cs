namespace McpMemory.Core.Episodic;

/// <summary>What to delete: records by id, or every record of a conversation.</summary>
public sealed record EpisodeDeletion
{
    /// <summary>Ids of records to delete.</summary>
    public IReadOnlyList<string> Ids { get; init; } = [];

    /// <summary>A conversation whose records are all deleted.</summary>
    public string? ConversationId { get; init; }
}
