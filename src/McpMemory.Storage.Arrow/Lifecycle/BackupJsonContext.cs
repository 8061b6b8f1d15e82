using System.Text.Json.Serialization;

namespace McpMemory.Storage.Arrow.Lifecycle;

/// <summary>Source-generated JSON for backup files.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(BackupManifest))]
internal sealed partial class BackupJsonContext : JsonSerializerContext;
