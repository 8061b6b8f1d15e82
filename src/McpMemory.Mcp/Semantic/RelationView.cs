using System.ComponentModel;
using System.Text.Json.Serialization;
using McpMemory.Core.Semantic;

namespace McpMemory.Mcp.Semantic;

/// <summary>A relation, in the official memory server's shape.</summary>
/// <param name="From">Where it starts.</param>
/// <param name="To">Where it ends.</param>
/// <param name="RelationType">Its type.</param>
public sealed record RelationView(
    [property: JsonPropertyName("from"), Description("The name of the entity where the relation starts")] string From,
    [property: JsonPropertyName("to"), Description("The name of the entity where the relation ends")] string To,
    [property: JsonPropertyName("relationType"), Description("The type of the relation")] string RelationType)
{
    /// <summary>The view of a stored relation.</summary>
    public static RelationView Of(GraphRelation relation)
    {
        ArgumentNullException.ThrowIfNull(relation);
        return new RelationView(relation.From, relation.To, relation.RelationType);
    }

    /// <summary>The relation to send to the store.</summary>
    public GraphRelation ToRelation() => new() { From = From, To = To, RelationType = RelationType };
}
