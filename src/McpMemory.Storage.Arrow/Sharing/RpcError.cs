using System.Text.Json;
using System.Text.Json.Serialization;
using McpMemory.Core.Episodic;
using McpMemory.Core.Storage;

namespace McpMemory.Storage.Arrow.Sharing;

/// <summary>An error raised by the owner, carried back with its code.</summary>
internal sealed class RpcError
{
    public required string Code { get; init; }

    public required string Message { get; init; }
}
