using System.Text.Json.Serialization;
using McpMemory.A2A.Protocol;

namespace McpMemory.A2A.Tasks;

/// <summary>The on-disk form of tasks (our own, independent of either protocol family).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UseStringEnumConverter = true)]
[JsonSerializable(typeof(A2ATask))]
internal sealed partial class TaskStoreJsonContext : JsonSerializerContext;
