namespace McpMemory.Server.Cli.Transfer;

/// <summary>What <c>mcp-memory import</c> was asked to do.</summary>
/// <param name="Path">The file to read.</param>
/// <param name="Namespace">The namespace to write to; null for the principal's default.</param>
/// <param name="BatchSize">Records per write as given by <c>--batch-size</c>; null lets the format choose.</param>
/// <param name="WaitForEmbeddings">Wait, with a progress bar, until what was imported can be found by meaning.</param>
internal sealed record TransferImport(string Path, string? Namespace, int? BatchSize, bool WaitForEmbeddings);
