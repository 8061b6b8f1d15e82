using System.Text.Json.Serialization;

namespace McpMemory.Storage.Arrow.Graphs;

/// <summary>Source-generated JSON for the graph files.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GraphLogEntry))]
[JsonSerializable(typeof(GraphSnapshotFile))]
internal sealed partial class GraphJsonContext : JsonSerializerContext;
