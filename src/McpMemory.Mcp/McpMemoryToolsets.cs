namespace McpMemory.Mcp;

/// <summary>The groups of tools a server can expose, chosen in configuration (<c>McpMemory:Toolsets</c>).</summary>
public static class McpMemoryToolsets
{
    /// <summary>Episodic memory: events and conversations in time order.</summary>
    public const string Episodic = "episodic";

    /// <summary>Semantic memory: the knowledge graph (the official memory server's tools and more) and facts.</summary>
    public const string Graph = "graph";
    /// <summary>Documents: text and Markdown kept as chunks and searched by meaning and keywords.</summary>
    public const string Documents = "documents";

    /// <summary>Procedural memory: skills and workflow templates (also served as prompts and <c>skill://</c> resources).</summary>
    public const string Procedural = "procedural";
    /// <summary>The semantic cache: answers served again only for what is really the same question.</summary>
    public const string Cache = "cache";
    /// <summary>Toolhost: a registry of tool definitions searched by task, and calls forwarded to upstream MCP servers.</summary>
    public const string Toolhost = "toolhost";

    /// <summary>Agents: other A2A agents registered by their card, sent messages, and given sub-tasks by skill.</summary>
    public const string Agents = "agents";

    /// <summary>Every toolset this build has, with the tool types that make it up.</summary>
    public static IReadOnlyDictionary<string, Type[]> All { get; } = new Dictionary<string, Type[]>(StringComparer.OrdinalIgnoreCase)
    {
        [Episodic] = [typeof(Episodic.EpisodicTools)],
        [Graph] = [typeof(Semantic.KnowledgeGraphTools), typeof(Semantic.GraphTools), typeof(Semantic.FactTools)],
        [Documents] = [typeof(Documents.DocumentTools)],
        [Procedural] = [typeof(Procedural.ProceduralTools)],
        [Cache] = [typeof(Cache.CacheTools)],
        [Toolhost] = [typeof(Tools.ToolhostTools)],
        [Agents] = [typeof(Agents.AgentTools)],
    };
}
