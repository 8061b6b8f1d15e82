namespace McpMemory.Core.Storage;

/// <summary>The number of live records of one namespace.</summary>
/// <param name="Namespace">The namespace.</param>
/// <param name="Episodes">Live records.</param>
public sealed record NamespaceCount(string Namespace, long Episodes);
