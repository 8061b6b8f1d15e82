namespace McpMemory.Core.Semantic;

public sealed partial class KnowledgeGraph
{
    /// <summary>
    /// Imports a whole graph (the official server's memory file, or an export) in one atomic write. An entity whose
    /// exact name is already present is reported as a collision and left as it is, never merged; relations must join
    /// entities of the graph or of the import. Nothing is written unless every item is valid.
    /// </summary>
    private GraphPlan PlanImport(GraphRequest request, DateTimeOffset now)
    {
        var entities = request.Entities ?? [];
        var relations = request.Relations ?? [];
        var changes = new List<GraphChange>();
        var created = new List<GraphEntity>();
        var collisions = new List<string>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var seq = _nextEntitySeq;
        for (var i = 0; i < entities.Count; i++)
        {
            var entity = CheckEntity(entities[i], $"entities[{i}]");
            if (_entities.ContainsKey(entity.Name) || !names.Add(entity.Name))
            {
                collisions.Add(entity.Name);
                continue;
            }

            entity = entity with { Seq = seq++, CreatedAt = now, UpdatedAt = now };
            created.Add(entity);
            changes.Add(new GraphChange { Op = GraphChange.PutEntity, Entity = entity });
        }

        var relationSeq = _nextRelationSeq;
        var keys = new HashSet<(string, string, string)>();
        var added = new List<GraphRelation>();
        for (var i = 0; i < relations.Count; i++)
        {
            var relation = CheckRelation(relations[i], $"relations[{i}]", requireEntities: true, alsoKnown: names);
            if (_relations.ContainsKey(Key(relation)) || !keys.Add(Key(relation)))
            {
                continue;
            }

            relation = relation with { Seq = relationSeq++, CreatedAt = now };
            added.Add(relation);
            changes.Add(new GraphChange { Op = GraphChange.PutRelation, Relation = relation });
        }

        // Counts only: an import can hold a hundred thousand entities, and the caller has them already.
        return new GraphPlan(new GraphResponse { Collisions = collisions, Total = created.Count, TotalRelations = added.Count }, changes);
    }
}
