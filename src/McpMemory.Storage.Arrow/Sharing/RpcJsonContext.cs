using System.Text.Json;
using System.Text.Json.Serialization;
using McpMemory.Core.Episodic;
using McpMemory.Core.Semantic;
using McpMemory.Core.Storage;

namespace McpMemory.Storage.Arrow.Sharing;

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
[JsonSerializable(typeof(ReindexRequest))]
[JsonSerializable(typeof(ReindexResult))]
[JsonSerializable(typeof(BackupRequest))]
[JsonSerializable(typeof(BackupSummary))]
[JsonSerializable(typeof(GraphRequest))]
[JsonSerializable(typeof(GraphResponse))]
internal sealed partial class RpcJsonContext : JsonSerializerContext;
