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

/// <summary>An answer, an error, or a progress report for a call.</summary>
internal sealed class RpcResponse
{
    public long Id { get; init; }

    public JsonElement? Result { get; init; }

    public RpcError? Error { get; init; }

    public int? Progress { get; init; }
}

/// <summary>An error raised by the owner, carried back with its code.</summary>
internal sealed class RpcError
{
    public required string Code { get; init; }

    public required string Message { get; init; }
}

internal sealed record AddRequest(IReadOnlyList<Episode> Episodes);

internal sealed record GetRequest(IReadOnlyList<string> Ids);

internal sealed record SurroundingRequest(string Id, int Before, int After);

/// <summary>The method names of the store protocol.</summary>
internal static class RpcMethods
{
    public const string Add = "add";
    public const string Get = "get";
    public const string Surrounding = "surrounding";
    public const string List = "list";
    public const string Delete = "delete";
    public const string Search = "search";
    public const string Stats = "stats";
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UseStringEnumConverter = true)]
[JsonSerializable(typeof(RpcRequest))]
[JsonSerializable(typeof(RpcResponse))]
[JsonSerializable(typeof(AddRequest))]
[JsonSerializable(typeof(GetRequest))]
[JsonSerializable(typeof(SurroundingRequest))]
[JsonSerializable(typeof(EpisodeListQuery))]
[JsonSerializable(typeof(EpisodeDeletion))]
[JsonSerializable(typeof(EpisodeSearchQuery))]
[JsonSerializable(typeof(IReadOnlyList<AddOutcome>))]
[JsonSerializable(typeof(IReadOnlyList<Episode>))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(IReadOnlyList<EpisodeHit>))]
[JsonSerializable(typeof(EpisodePage))]
[JsonSerializable(typeof(StoreStats))]
internal sealed partial class RpcJsonContext : JsonSerializerContext;
