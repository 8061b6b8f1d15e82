namespace McpMemory.Core.Semantic;

/// <summary>The operations of <see cref="IKnowledgeGraphStore"/>; the value of <see cref="GraphRequest.Op"/>.</summary>
public static class GraphOps
{
    /// <summary>Creates entities; existing exact names are skipped.</summary>
    public const string CreateEntities = "create_entities";

    /// <summary>Creates relations between existing entities; existing ones are skipped.</summary>
    public const string CreateRelations = "create_relations";

    /// <summary>Adds observations to existing entities.</summary>
    public const string AddObservations = "add_observations";

    /// <summary>Deletes entities and their relations.</summary>
    public const string DeleteEntities = "delete_entities";

    /// <summary>Deletes observations.</summary>
    public const string DeleteObservations = "delete_observations";

    /// <summary>Deletes relations.</summary>
    public const string DeleteRelations = "delete_relations";

    /// <summary>Reads the graph a page at a time, in creation order.</summary>
    public const string ReadGraph = "read_graph";

    /// <summary>Searches as the official server does (text contained), and by meaning.</summary>
    public const string SearchNodes = "search_nodes";

    /// <summary>Gets entities by exact name, with their relations.</summary>
    public const string OpenNodes = "open_nodes";

    /// <summary>Declares or changes a fact predicate.</summary>
    public const string DefinePredicate = "predicate_define";

    /// <summary>Lists the declared predicates.</summary>
    public const string ListPredicates = "predicate_list";

    /// <summary>Records a fact.</summary>
    public const string AddFact = "fact_add";

    /// <summary>Closes a fact and records its successor.</summary>
    public const string SupersedeFact = "fact_supersede";

    /// <summary>Every version of the facts of a subject.</summary>
    public const string FactHistory = "fact_history";

    /// <summary>What was true at a time, as known at a time.</summary>
    public const string QueryFacts = "fact_query";

    /// <summary>Entities within some hops of one.</summary>
    public const string Neighbors = "graph_neighbors";

    /// <summary>The shortest path between two entities.</summary>
    public const string Path = "graph_path";

    /// <summary>The entities and relations around one.</summary>
    public const string Subgraph = "graph_subgraph";

    /// <summary>Ranks entities by meaning and keywords.</summary>
    public const string EntitySearch = "entity_search";

    /// <summary>Merges one entity into another.</summary>
    public const string Merge = "entity_merge";

    /// <summary>Undoes a merge.</summary>
    public const string Unmerge = "entity_unmerge";

    /// <summary>Imports a whole graph; names already present are reported, not merged.</summary>
    public const string Import = "import";

    /// <summary>Counts.</summary>
    public const string Stats = "stats";

    /// <summary>
    /// The current version of each record named in <see cref="GraphRequest.Names"/> (<c>entity:NAME</c> or a fact id), for
    /// callers that must notice when a record they derived something from changes; a missing or invalidated one has none.
    /// </summary>
    public const string Versions = "versions";
}
