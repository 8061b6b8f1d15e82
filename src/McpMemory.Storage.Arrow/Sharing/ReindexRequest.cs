namespace McpMemory.Storage.Arrow.Sharing;

internal sealed record ReindexRequest(string? Model);
