using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using McpMemory.Core.Episodic;
using McpMemory.Core.Semantic;
using McpMemory.Core.Storage;
using McpMemory.Mcp.Cache;
using McpMemory.Mcp.Documents;
using McpMemory.Mcp.Episodic;
using McpMemory.Mcp.Procedural;
using McpMemory.Mcp.Semantic;
using McpMemory.Mcp.Tools;
using ModelContextProtocol;

namespace McpMemory.Mcp;

/// <summary>Source-generated JSON for tool inputs and outputs: snake_case names, as MCP tools customarily use.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(EpisodeInput))]
[JsonSerializable(typeof(McpMemory.Mcp.Agents.AgentRegisterResult))]
[JsonSerializable(typeof(McpMemory.Mcp.Agents.AgentListResult))]
[JsonSerializable(typeof(McpMemory.Mcp.Agents.AgentRemoveResult))]
[JsonSerializable(typeof(McpMemory.Mcp.Agents.AgentSendResult))]
[JsonSerializable(typeof(McpMemory.Mcp.Agents.AgentFanOutResult))]
[JsonSerializable(typeof(IReadOnlyList<McpMemory.Mcp.Agents.AgentSubtaskInput>))]
[JsonSerializable(typeof(IReadOnlyList<EpisodeInput>))]
[JsonSerializable(typeof(EpisodeAddResult))]
[JsonSerializable(typeof(EpisodeSearchResult))]
[JsonSerializable(typeof(EpisodeGetResult))]
[JsonSerializable(typeof(EpisodeListResult))]
[JsonSerializable(typeof(EpisodeDeleteResult))]
[JsonSerializable(typeof(StoreStats))]
[JsonSerializable(typeof(EntityInput))]
[JsonSerializable(typeof(IReadOnlyList<EntityInput>))]
[JsonSerializable(typeof(RelationView))]
[JsonSerializable(typeof(IReadOnlyList<RelationView>))]
[JsonSerializable(typeof(IReadOnlyList<ObservationInput>))]
[JsonSerializable(typeof(IReadOnlyList<ObservationDeletion>))]
[JsonSerializable(typeof(EntityView))]
[JsonSerializable(typeof(EntityMatchView))]
[JsonSerializable(typeof(CreateEntitiesResult))]
[JsonSerializable(typeof(CreateRelationsResult))]
[JsonSerializable(typeof(AddObservationsResult))]
[JsonSerializable(typeof(DeleteResult))]
[JsonSerializable(typeof(GraphPageResult))]
[JsonSerializable(typeof(SearchNodesResult))]
[JsonSerializable(typeof(GraphFact))]
[JsonSerializable(typeof(FactListResult))]
[JsonSerializable(typeof(FactWriteResult))]
[JsonSerializable(typeof(PredicateResult))]
[JsonSerializable(typeof(NeighborView))]
[JsonSerializable(typeof(TraversalResult))]
[JsonSerializable(typeof(PathResult))]
[JsonSerializable(typeof(EntitySearchResult))]
[JsonSerializable(typeof(EntitySearchHitView))]
[JsonSerializable(typeof(MergeResult))]
[JsonSerializable(typeof(DocumentAddResult))]
[JsonSerializable(typeof(DocumentSearchResult))]
[JsonSerializable(typeof(DocumentGetResult))]
[JsonSerializable(typeof(DocumentListResult))]
[JsonSerializable(typeof(DocumentDeleteResult))]
[JsonSerializable(typeof(IReadOnlyList<SkillParameterInput>))]
[JsonSerializable(typeof(SkillSaveResult))]
[JsonSerializable(typeof(SkillSearchResult))]
[JsonSerializable(typeof(SkillGetResult))]
[JsonSerializable(typeof(SkillOutcomeResult))]
[JsonSerializable(typeof(SkillDeleteResult))]
[JsonSerializable(typeof(SkillResource))]
[JsonSerializable(typeof(CacheLookupResult))]
[JsonSerializable(typeof(CacheStoreResult))]
[JsonSerializable(typeof(CacheInvalidateResult))]
[JsonSerializable(typeof(CacheStatsResult))]
[JsonSerializable(typeof(ToolRegisterResult))]
[JsonSerializable(typeof(ToolSearchResult))]
[JsonSerializable(typeof(ToolSearchHitView))]
[JsonSerializable(typeof(ToolView))]
[JsonSerializable(typeof(ToolListResult))]
[JsonSerializable(typeof(ToolRemoveResult))]
[JsonSerializable(typeof(ToolCallResult))]
public sealed partial class McpMemoryJsonContext : JsonSerializerContext
{
    /// <summary>The options tools are registered with: ours first, then the SDK's defaults.</summary>
    public static JsonSerializerOptions ToolOptions { get; } = CreateToolOptions();

    private static JsonSerializerOptions CreateToolOptions()
    {
        var options = new JsonSerializerOptions(McpJsonUtilities.DefaultOptions)
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            TypeInfoResolver = JsonTypeInfoResolver.Combine(Default, McpJsonUtilities.DefaultOptions.TypeInfoResolver),
        };
        options.MakeReadOnly();
        return options;
    }
}
