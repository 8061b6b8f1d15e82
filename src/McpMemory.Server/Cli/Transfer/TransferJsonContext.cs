using System.Text.Json.Serialization;

namespace McpMemory.Server.Cli.Transfer;

/// <summary>Source-generated JSON for what the transfer commands print.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ImportSummary))]
internal sealed partial class TransferJsonContext : JsonSerializerContext;
