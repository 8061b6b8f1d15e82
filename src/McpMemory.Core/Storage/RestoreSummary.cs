namespace McpMemory.Core.Storage;

/// <summary>What a restore put in place.</summary>
/// <param name="DataDirectory">The data directory restored into.</param>
/// <param name="Namespaces">The namespaces restored, with their records.</param>
/// <param name="ReplacedDirectory">Where namespaces that were replaced (with <c>--force</c>) were moved, or null.</param>
public sealed record RestoreSummary(string DataDirectory, IReadOnlyList<NamespaceCount> Namespaces, string? ReplacedDirectory);
