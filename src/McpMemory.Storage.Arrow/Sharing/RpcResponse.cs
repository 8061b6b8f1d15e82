using System.Text.Json;
using System.Text.Json.Serialization;
using McpMemory.Core.Episodic;
using McpMemory.Core.Storage;

namespace McpMemory.Storage.Arrow.Sharing;

/// <summary>An answer, an error, or a progress report for a call.</summary>
internal sealed class RpcResponse
{
    public long Id { get; init; }

    public JsonElement? Result { get; init; }

    public RpcError? Error { get; init; }

    public int? Progress { get; init; }
}
