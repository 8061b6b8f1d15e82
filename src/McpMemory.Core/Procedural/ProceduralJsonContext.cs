using System.Text.Json.Serialization;

namespace McpMemory.Core.Procedural;

/// <summary>Source-generated JSON for what skill and outcome records keep in their metadata.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Skill))]
[JsonSerializable(typeof(OutcomeRecord))]
internal sealed partial class ProceduralJsonContext : JsonSerializerContext;
