namespace McpMemory.Core.Storage;

/// <summary>What a reindex did: the namespace's model before and after, and how many records it embedded.</summary>
public sealed record ReindexResult(string Namespace, string FromModel, string ToModel, int Records, bool Changed);
