using McpMemory.Core.Identity;

namespace McpMemory.Server.Cli.Transfer;

/// <summary>
/// A file format that <c>mcp-memory export</c> writes and <c>import</c> reads. Each format owns both directions and
/// the kind of memory it carries (episodes for <c>jsonl</c>, the knowledge graph for <c>server-memory</c>); a new one
/// is one more implementation listed in <see cref="TransferFormats"/>, so the commands never change for it.
/// </summary>
internal interface ITransferFormat
{
    /// <summary>The name given to <c>--format</c>.</summary>
    string Name { get; }

    /// <summary>One line for <c>--help</c>.</summary>
    string Description { get; }

    /// <summary>Writes every live record of the namespace to <paramref name="output"/>; returns the namespace and the count.</summary>
    Task<(string Namespace, long Records)> ExportAsync(IServiceProvider services, MemoryPrincipal principal, string? ns, Stream output, CancellationToken cancellationToken);

    /// <summary>
    /// Checks the whole file first (an error names the line and the field, and nothing is stored), then stores its
    /// records, with progress on stderr. Returns what was stored.
    /// </summary>
    Task<ImportSummary> ImportAsync(IServiceProvider services, MemoryPrincipal principal, TransferImport request, CancellationToken cancellationToken);
}
