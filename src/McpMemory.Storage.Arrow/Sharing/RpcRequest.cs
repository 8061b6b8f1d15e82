using System.Text.Json;
using System.Text.Json.Serialization;
using McpMemory.Core.Episodic;
using McpMemory.Core.Storage;

namespace McpMemory.Storage.Arrow.Sharing;

/// <summary>A call from a forwarding process to the process that owns the store.</summary>
internal sealed class RpcRequest
{
    public long Id { get; init; }

    public required string Method { get; init; }

    public string? Ns { get; init; }

    public JsonElement Body { get; init; }
}
