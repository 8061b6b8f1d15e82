using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpMemory.Tests.Interop;

/// <summary>The comparison rules of the server-memory compatibility test, on made-up replies.</summary>
public sealed class GraphComparisonTests
{
    private const string Alice = """{ "name": "Alice", "entityType": "person", "observations": ["a", "b"] }""";
    private const string Bob = """{ "name": "Bob", "entityType": "person", "observations": ["c"] }""";
    private const string Knows = """{ "from": "Alice", "to": "Bob", "relationType": "knows" }""";

    [Fact]
    public void Compare_SameGraphInAnotherOrder_AgreesWithANote()
    {
        var verdict = Compare("read_graph", Graph([Alice, Bob], [Knows]), Graph([Bob, """{ "name": "Alice", "entityType": "person", "observations": ["b", "a"] }"""], [Knows]));

        Assert.True(verdict.Agrees, string.Join("\n", verdict.Problems));
        Assert.Contains(verdict.Notes, n => n.Contains("another order", StringComparison.Ordinal));
    }

    [Fact]
    public void Compare_ObservationMissingInOurs_Differs()
    {
        var verdict = Compare("open_nodes", Graph([Alice, Bob], []), Graph(["""{ "name": "Alice", "entityType": "person", "observations": ["a"] }""", Bob], []));

        Assert.False(verdict.Agrees);
    }

    [Fact]
    public void Compare_SearchWithExtraMeaningMatches_Agrees()
    {
        var ours = Graph([With(Alice, "match", "text+meaning"), With(Bob, "match", "meaning")], [Knows]);

        var verdict = Compare("search_nodes", ours, Graph([Alice], [Knows]));

        Assert.True(verdict.Agrees, string.Join("\n", verdict.Problems));
    }

    [Theory]
    [InlineData("text")]
    [InlineData(null)]
    public void Compare_SearchWithExtraNotMarkedMeaning_Differs(string? match)
    {
        var bob = match is null ? Bob : With(Bob, "match", match);

        var verdict = Compare("search_nodes", Graph([With(Alice, "match", "text"), bob], []), Graph([Alice], []));

        Assert.False(verdict.Agrees);
    }

    [Fact]
    public void Compare_SearchMissingATextMatch_Differs()
    {
        var verdict = Compare("search_nodes", Graph([With(Bob, "match", "meaning")], []), Graph([Alice], []));

        Assert.Contains(verdict.Problems, p => p.Contains("theirs finds that ours does not", StringComparison.Ordinal));
    }

    [Fact]
    public void Compare_SearchTextMatchMarkedMeaning_Differs()
    {
        var verdict = Compare("search_nodes", Graph([With(Alice, "match", "meaning")], []), Graph([Alice], []));

        Assert.False(verdict.Agrees);
    }

    [Fact]
    public void Compare_SearchExtraRelationBetweenTextMatches_Differs()
    {
        var verdict = Compare("search_nodes", Graph([With(Alice, "match", "text"), With(Bob, "match", "text")], [Knows]), Graph([Alice, Bob], []));

        Assert.Contains(verdict.Problems, p => p.Contains("extra relation", StringComparison.Ordinal));
    }

    [Fact]
    public void Compare_ResultsAndSuccess_CompareAsSets()
    {
        var added = """{ "results": [ { "entityName": "Alice", "addedObservations": ["x", "y"] }, { "entityName": "Bob", "addedObservations": [] } ] }""";
        var reordered = """{ "results": [ { "entityName": "Bob", "addedObservations": [] }, { "entityName": "Alice", "addedObservations": ["y", "x"] } ] }""";

        Assert.True(Compare("add_observations", reordered, added).Agrees);
        Assert.False(Compare("delete_entities", """{ "success": false, "message": "m" }""", """{ "success": true, "message": "m" }""").Agrees);
        Assert.False(Compare("delete_entities", """{ "message": "m" }""", """{ "success": true, "message": "m" }""").Agrees);
    }

    [Fact]
    public void Compare_Outcomes_FollowTheScript()
    {
        var ok = new GraphReply(false, string.Empty, JsonDocument.Parse("""{ "relations": [] }""").RootElement);
        var failed = new GraphReply(true, "no such entity", null);

        Assert.True(GraphComparison.Compare(Call("create_relations", GraphOutcome.OursRejects), failed, ok).Agrees);
        Assert.False(GraphComparison.Compare(Call("create_relations", GraphOutcome.OursRejects), ok, ok).Agrees);
        Assert.True(GraphComparison.Compare(Call("create_relations", GraphOutcome.Error), failed, failed).Agrees);
        Assert.False(GraphComparison.Compare(Call("create_relations", GraphOutcome.Error), ok, failed).Agrees);
        Assert.False(GraphComparison.Compare(Call("create_relations", GraphOutcome.Same), failed, ok).Agrees);
    }

    [Fact]
    public void Compare_OmittedWithoutCursor_Differs()
    {
        var content = JsonDocument.Parse(Graph([Alice], [])).RootElement;

        var verdict = GraphComparison.Compare(Call("read_graph", GraphOutcome.Same), new GraphReply(false, string.Empty, content, Omitted: 3), new GraphReply(false, string.Empty, content));

        Assert.False(verdict.Agrees);
    }

    private static GraphVerdict Compare(string tool, string ours, string theirs) =>
        GraphComparison.Compare(
            Call(tool, GraphOutcome.Same),
            new GraphReply(false, string.Empty, JsonDocument.Parse(ours).RootElement),
            new GraphReply(false, string.Empty, JsonDocument.Parse(theirs).RootElement));

    private static GraphCall Call(string tool, GraphOutcome outcome) => new(1, "made up", tool, [], outcome, null);

    private static string Graph(string[] entities, string[] relations) => $$"""{ "entities": [{{string.Join(",", entities)}}], "relations": [{{string.Join(",", relations)}}] }""";

    private static string With(string json, string name, string value)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        node[name] = value;
        return node.ToJsonString();
    }
}
