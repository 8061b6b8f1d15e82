using McpMemory.Core;
using McpMemory.Core.Semantic;

namespace McpMemory.Tests.Semantic;

public sealed class KnowledgeGraphTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly KnowledgeGraph _graph = new("test");

    private GraphResponse Write(GraphRequest request, DateTimeOffset? now = null)
    {
        var plan = _graph.Plan(request, now ?? T0);
        _graph.Apply(plan.Changes);
        return plan.Response;
    }

    private static GraphEntity Entity(string name, string type = "person", params string[] observations) =>
        new() { Name = name, EntityType = type, Observations = observations };

    private static GraphRelation Relation(string from, string to, string type) => new() { From = from, To = to, RelationType = type };

    private void Seed()
    {
        Write(new GraphRequest
        {
            Op = GraphOps.CreateEntities,
            Entities = [Entity("Alice Smith", "person", "Lives in Paris", "Flies gliders"), Entity("Bob", "person", "Plays chess"), Entity("Acme", "organization", "Makes rockets"), Entity("Paris", "city")],
        });
        Write(new GraphRequest { Op = GraphOps.CreateRelations, Relations = [Relation("Alice Smith", "Acme", "works_at"), Relation("Bob", "Acme", "works_at"), Relation("Alice Smith", "Bob", "knows")] });
    }

    [Fact]
    public void CreateEntities_ExistingAndRepeatedNames_AreSkippedAndLookAlikesReported()
    {
        Seed();

        var response = Write(new GraphRequest
        {
            Op = GraphOps.CreateEntities,
            Entities = [Entity("Bob"), Entity("alice  smith"), Entity("Carol"), Entity("Carol")],
        });

        Assert.Equal(["alice  smith", "Carol"], response.Entities!.Select(e => e.Name));
        var duplicate = Assert.Single(response.PossibleDuplicates!);
        Assert.Equal(("alice  smith", "Alice Smith", "case_or_whitespace"), (duplicate.Name, duplicate.Existing, duplicate.Reason));
        Assert.Equal(6, _graph.EntityCount);
    }

    [Fact]
    public void CreateEntities_LookAlikesWithinOneCall_AreReportedToo()
    {
        var response = Write(new GraphRequest
        {
            Op = GraphOps.CreateEntities,
            Entities = [Entity("Dana") with { Aliases = ["Shared"] }, Entity("Eve") with { Aliases = ["shared"] }, Entity("dana ")],
        });

        Assert.Equal(3, response.Entities!.Count);
        Assert.Equal(
            [("Eve", "Dana", "alias"), ("dana ", "Dana", "case_or_whitespace")],
            response.PossibleDuplicates!.Select(d => (d.Name, d.Existing, d.Reason)));
    }

    [Fact]
    public void CreateRelations_ToAnUnknownEntity_FailsNamingIt_AndWritesNothing()
    {
        Seed();

        var error = Assert.Throws<McpMemoryException>(() => _graph.Plan(
            new GraphRequest { Op = GraphOps.CreateRelations, Relations = [Relation("Bob", "Paris", "visited"), Relation("Bob", "Ghost", "haunts")] }, T0));

        Assert.Equal(McpMemoryErrorCodes.NotFound, error.Code);
        Assert.Contains("relations[1].to", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Ghost'", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, _graph.RelationCount);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void CreateEntities_EmptyName_FailsNamingTheItem(string name)
    {
        var error = Assert.Throws<McpMemoryException>(() => _graph.Plan(new GraphRequest { Op = GraphOps.CreateEntities, Entities = [Entity("Fine"), Entity(name)] }, T0));

        Assert.Contains("entities[1].name", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _graph.EntityCount);
    }

    [Fact]
    public void AddObservations_UnknownEntity_FailsAndNothingOfTheBatchIsWritten()
    {
        Seed();

        Assert.Throws<McpMemoryException>(() => _graph.Plan(new GraphRequest
        {
            Op = GraphOps.AddObservations,
            Observations = [new ObservationSet("Bob", ["Likes tea"]), new ObservationSet("bob", ["Likes coffee"])],
        }, T0));
        var added = Write(new GraphRequest { Op = GraphOps.AddObservations, Observations = [new ObservationSet("Bob", ["Plays chess", "Likes tea", "Likes tea"])] });

        Assert.Equal(["Likes tea"], Assert.Single(added.Added!).Contents);
        Assert.Equal(["Plays chess", "Likes tea"], _graph.Find("Bob")!.Observations);
    }

    [Fact]
    public void DeleteEntities_RemovesTheirRelations_AndIgnoresUnknownNames()
    {
        Seed();

        var response = Write(new GraphRequest { Op = GraphOps.DeleteEntities, Names = ["Acme", "Nobody"] });

        Assert.Equal(1, response.Deleted);
        Assert.Null(_graph.Find("Acme"));
        Assert.Equal(1, _graph.RelationCount);
        var read = _graph.Query(new GraphRequest { Op = GraphOps.ReadGraph }, T0);
        Assert.Equal(("Alice Smith", "Bob", "knows"), (read.Relations![0].From, read.Relations[0].To, read.Relations[0].RelationType));
    }

    [Fact]
    public void SearchNodes_MatchesLikeTheOfficialServer_CaseInsensitiveInNameTypeAndObservations()
    {
        Seed();

        var byObservation = _graph.Query(new GraphRequest { Op = GraphOps.SearchNodes, Query = "ROCKET" }, T0);
        var byType = _graph.Query(new GraphRequest { Op = GraphOps.SearchNodes, Query = "perso" }, T0);

        Assert.Equal(["Acme"], byObservation.Hits!.Select(h => h.Entity.Name));
        Assert.Equal("text", byObservation.Hits![0].Match);
        Assert.Equal(2, byObservation.Relations!.Count);
        Assert.Equal(["Alice Smith", "Bob"], byType.Hits!.Select(h => h.Entity.Name));
    }

    [Fact]
    public void ReadGraph_PagesInCreationOrder_AndCountsWhatIsLeft()
    {
        Seed();

        var first = _graph.Query(new GraphRequest { Op = GraphOps.ReadGraph, Limit = 3 }, T0);
        var second = _graph.Query(new GraphRequest { Op = GraphOps.ReadGraph, Limit = 3, AfterEntity = first.Entities![^1].Seq, AfterRelation = first.Relations![^1].Seq }, T0);

        Assert.Equal(["Alice Smith", "Bob", "Acme"], first.Entities.Select(e => e.Name));
        Assert.Equal(1, first.RemainingEntities);
        Assert.Equal(["Paris"], second.Entities!.Select(e => e.Name));
        Assert.Empty(second.Relations!);
        Assert.Equal(0, second.RemainingEntities);
    }

    [Fact]
    public void Replay_OfTheLoggedChanges_OrOfASnapshot_RebuildsTheSameGraph()
    {
        var log = new List<IReadOnlyList<GraphChange>>();
        void Logged(GraphRequest request)
        {
            var plan = _graph.Plan(request, T0);
            log.Add(plan.Changes);
            _graph.Apply(plan.Changes);
        }

        Logged(new GraphRequest { Op = GraphOps.CreateEntities, Entities = [Entity("A", "x", "one"), Entity("B", "x"), Entity("C", "x")] });
        Logged(new GraphRequest { Op = GraphOps.CreateRelations, Relations = [Relation("A", "B", "r"), Relation("B", "C", "r")] });
        Logged(new GraphRequest { Op = GraphOps.DefinePredicate, Predicate = new GraphPredicate { Name = "likes", ObjectKind = "entity" } });
        Logged(new GraphRequest { Op = GraphOps.AddFact, Fact = new GraphFact { Id = "", Subject = "A", Predicate = "likes", Object = "C" } });
        Logged(new GraphRequest { Op = GraphOps.Merge, Entity = "B", Target = "C" });
        Logged(new GraphRequest { Op = GraphOps.DeleteObservations, Observations = [new ObservationSet("A", ["one"])] });

        var replayed = new KnowledgeGraph("test");
        foreach (var changes in log)
        {
            replayed.Apply(changes);
        }

        var fromSnapshot = new KnowledgeGraph("test");
        fromSnapshot.Apply(_graph.Snapshot().ToList());

        var expected = Describe(_graph);
        Assert.Equal(expected, Describe(replayed));
        Assert.Equal(expected, Describe(fromSnapshot));
        Assert.Contains("C:x:[]:[B]", expected, StringComparison.Ordinal);
    }

    private static string Describe(KnowledgeGraph graph)
    {
        var read = graph.Query(new GraphRequest { Op = GraphOps.ReadGraph }, T0);
        var facts = graph.Query(new GraphRequest { Op = GraphOps.QueryFacts }, T0);
        return string.Join(";", read.Entities!.Select(e => $"{e.Name}:{e.EntityType}:[{string.Join(",", e.Observations)}]:[{string.Join(",", e.Aliases)}]"))
            + "|" + string.Join(";", read.Relations!.Select(r => $"{r.From}-{r.RelationType}->{r.To}"))
            + "|" + string.Join(";", facts.Facts!.Select(f => $"{f.Subject} {f.Predicate} {f.Target}"));
    }

    [Theory]
    [InlineData(GraphOps.SearchNodes, 10, null, true)]
    [InlineData(GraphOps.SearchNodes, 0, null, false)]
    [InlineData(GraphOps.EntitySearch, 10, "hybrid", true)]
    [InlineData(GraphOps.EntitySearch, 10, "keyword", false)]
    [InlineData(GraphOps.OpenNodes, 10, null, false)]
    public void NeedsQueryVector_OnlyWhenTheCallMatchesByMeaning(string op, int k, string? mode, bool expected)
    {
        // search_nodes with limit 0 is the official server's text search alone: embedding its query would be wasted.
        Assert.Equal(expected, KnowledgeGraph.NeedsQueryVector(new GraphRequest { Op = op, Query = "gliders", K = k, Mode = mode }));
    }
}
