using System.Text.Json.Serialization;

namespace McpMemory.Storage.Arrow.Files;

/// <summary>Source-generated JSON for the store's own files.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(WalEntry))]
[JsonSerializable(typeof(NamespaceManifest))]
[JsonSerializable(typeof(StoreFormat))]
internal sealed partial class StoreJsonContext : JsonSerializerContext;
