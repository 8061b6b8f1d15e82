using McpMemory.Core.Identity;
using Microsoft.Extensions.Options;

namespace McpMemory.Core.Semantic;

/// <summary>
/// The knowledge graph as callers see it: resolves the namespace the principal may use for the operation (reads need
/// read access, writes write access) and sends the request to the store, where it is checked as a whole and applied
/// atomically.
/// </summary>
public sealed class SemanticMemory
{
    private readonly IKnowledgeGraphStore _store;
    private readonly McpMemoryOptions _options;

    /// <summary>Creates the service.</summary>
    public SemanticMemory(IKnowledgeGraphStore store, IOptions<McpMemoryOptions> options)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _options = options.Value;
    }

    /// <summary>The most items one write may carry.</summary>
    public int MaxBatchSize => _options.Limits.MaxBatchSize;

    /// <summary>Runs <paramref name="request"/> in the principal's namespace (or <paramref name="ns"/>, if allowed).</summary>
    public async Task<(string Namespace, GraphResponse Response)> ExecuteAsync(MemoryPrincipal principal, string? ns, GraphRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(request);
        var write = KnowledgeGraph.IsWrite(request.Op);
        var target = principal.ResolveNamespace(ns, write ? NamespaceAccess.Write : NamespaceAccess.Read);
        if (write && request.Op != GraphOps.Import)
        {
            var size = (request.Entities?.Count ?? 0) + (request.Relations?.Count ?? 0) + (request.Observations?.Count ?? 0) + (request.Names?.Count ?? 0);
            if (size > MaxBatchSize)
            {
                throw new McpMemoryException(McpMemoryErrorCodes.InvalidArgument, $"The call carries {size} items; the limit is {MaxBatchSize} per call. Split it.");
            }
        }

        var response = await _store.ExecuteAsync(target, request, cancellationToken).ConfigureAwait(false);
        return (target, response);
    }
}
