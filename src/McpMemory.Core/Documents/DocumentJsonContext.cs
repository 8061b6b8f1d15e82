using System.Text.Json.Serialization;

namespace McpMemory.Core.Documents;

/// <summary>Source-generated JSON for what chunk records keep in their metadata.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ChunkRecord))]
internal sealed partial class DocumentJsonContext : JsonSerializerContext;
