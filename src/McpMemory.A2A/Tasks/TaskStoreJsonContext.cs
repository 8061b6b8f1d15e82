using System.Text.Json.Serialization;
using McpMemory.A2A.Protocol;

namespace McpMemory.A2A.Tasks;

/// <summary>The on-disk form of tasks (our own, independent of either protocol family).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UseStringEnumConverter = true)]
[JsonSerializable(typeof(A2ATask))]
[JsonSerializable(typeof(PendingPush))]
internal sealed partial class TaskStoreJsonContext : JsonSerializerContext;

/// <summary>A push notification not yet delivered, as spooled to disk: the webhook's queue, its config and the body.</summary>
internal sealed record PendingPush(string Key, A2APushConfig Config, string Payload);
