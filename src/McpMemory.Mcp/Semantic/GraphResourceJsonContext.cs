using System.Text.Json.Serialization;
using McpMemory.Core.Semantic;

namespace McpMemory.Mcp.Semantic;

/// <summary>Source-generated JSON for the graph resources (compact: their size counts against the token budget).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(EntityResource))]
[JsonSerializable(typeof(NeighborhoodResource))]
[JsonSerializable(typeof(KnowledgeGraphResource))]
[JsonSerializable(typeof(GraphFact))]
[JsonSerializable(typeof(EntityView))]
[JsonSerializable(typeof(RelationView))]
internal sealed partial class GraphResourceJsonContext : JsonSerializerContext;
