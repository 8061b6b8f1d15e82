using System.Text.Json.Serialization;

namespace McpMemory.Core.Tools;

/// <summary>Source-generated JSON for what tool records keep in their metadata.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ToolRecord))]
internal sealed partial class ToolJsonContext : JsonSerializerContext;
