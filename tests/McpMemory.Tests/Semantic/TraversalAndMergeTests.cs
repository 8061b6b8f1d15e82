using McpMemory.Core;
using McpMemory.Core.Semantic;

namespace McpMemory.Tests.Semantic;

public sealed class TraversalAndMergeTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset T1 = new(2026, 2, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset T2 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Y2020 = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Y2021 = new(2021, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly KnowledgeGraph _graph = new("test");

    public TraversalAndMergeTests()
    {
        Write(new GraphRequest
        {
            Op = GraphOps.CreateEntities,
            Entities = new[] { "Alice Smith", "Bob", "Carol", "Dave", "Eve", "A. Smith" }.Select(n => new GraphEntity { Name = n, EntityType = "person", Observations = [$"{n} note"] }).ToList(),
        });
        Write(new GraphRequest
        {
            Op = GraphOps.CreateRelations,
            Relations =
            [
                new() { From = "Alice Smith", To = "Bob", RelationType = "knows" },
                new() { From = "Bob", To = "Carol", RelationType = "knows" },
                new() { From = "Dave", To = "Carol", RelationType = "manages" },
                new() { From = "A. Smith", To = "Eve", RelationType = "mentors" },
            ],
        });
    }

    private GraphResponse Write(GraphRequest request, DateTimeOffset? now = null)
    {
        var plan = _graph.Plan(request, now ?? T0);
        _graph.Apply(plan.Changes);
        return plan.Response;
    }

    [Fact]
    public void Neighbors_HonourDepthDirectionAndTypes_AndResolveNormalisedNames()
    {
        var depth1 = _graph.Query(new GraphRequest { Op = GraphOps.Neighbors, Entity = "  alice   SMITH ", Depth = 1 }, T0);
        var depth3 = _graph.Query(new GraphRequest { Op = GraphOps.Neighbors, Entity = "Alice Smith", Depth = 3 }, T0);
        var outOnly = _graph.Query(new GraphRequest { Op = GraphOps.Neighbors, Entity = "Carol", Depth = 2, Direction = "out" }, T0);
        var managesOnly = _graph.Query(new GraphRequest { Op = GraphOps.Neighbors, Entity = "Carol", Depth = 2, RelationTypes = ["manages"] }, T0);

        Assert.Equal(["Bob"], depth1.Hits!.Select(h => h.Entity.Name));
        Assert.Equal([("Bob", 1), ("Carol", 2), ("Dave", 3)], depth3.Hits!.Select(h => (h.Entity.Name, h.Distance!.Value)));
        Assert.Empty(outOnly.Hits!);
        Assert.Equal(["Dave"], managesOnly.Hits!.Select(h => h.Entity.Name));
    }

    [Fact]
    public void Path_IsTheShortest_AndSaysTheDirectionOfEachHop()
    {
        var path = _graph.Query(new GraphRequest { Op = GraphOps.Path, Entity = "Alice Smith", Target = "Dave", Depth = 6 }, T0);
        var directed = _graph.Query(new GraphRequest { Op = GraphOps.Path, Entity = "Alice Smith", Target = "Dave", Direction = "out", Depth = 6 }, T0);

        Assert.Equal(["Alice Smith", "Bob", "Carol", "Dave"], path.Entities!.Select(e => e.Name));
        Assert.Equal([true, true, false], path.Path!.Select(s => s.Forward));
        Assert.Null(directed.Path);
    }

    [Fact]
    public void Merge_MovesEverythingToTheTarget_AndUnmergeRestoresIt()
    {
        var before = Describe();

        var merged = Write(new GraphRequest { Op = GraphOps.Merge, Entity = "A. Smith", Target = "alice smith" });
        var byAlias = _graph.Resolve("a. smith", "entity");
        var eveNeighbors = _graph.Query(new GraphRequest { Op = GraphOps.Neighbors, Entity = "Eve" }, T0);
        var undone = Write(new GraphRequest { Op = GraphOps.Unmerge, MergeId = merged.Merge!.Id });

        Assert.Equal("Alice Smith", merged.Entities![0].Name);
        Assert.Equal(["A. Smith"], merged.Entities[0].Aliases);
        Assert.Equal(["Alice Smith note", "A. Smith note"], merged.Entities[0].Observations);
        Assert.Equal("Alice Smith", byAlias.Name);
        Assert.Equal(["Alice Smith"], eveNeighbors.Hits!.Select(h => h.Entity.Name));
        Assert.NotNull(undone.Merge!.UndoneAt);
        Assert.Equal(before, Describe());
        Assert.Throws<McpMemoryException>(() => _graph.Plan(new GraphRequest { Op = GraphOps.Unmerge, MergeId = merged.Merge.Id }, T0));
    }

    [Fact]
    public void Merge_OverlappingFactsOfASingleValuedPredicate_LaterValidFromWins_AndUnmergeRestoresThemExactly()
    {
        var (paris, rome) = BobbyInParisRobertInRome();

        var merged = Write(new GraphRequest { Op = GraphOps.Merge, Entity = "Bobby", Target = "Robert" }, T1);

        var closed = Assert.Single(merged.Merge!.ClosedFacts);
        Assert.Equal(paris, closed);
        var piece = Assert.Single(merged.Merge.RecordedFacts);
        Assert.Equal(("Robert", "Paris", Y2020, Y2021, (DateTimeOffset?)null, paris.Id, rome.Id), (piece.Subject, piece.Object, piece.ValidFrom!.Value, piece.ValidTo!.Value, piece.InvalidatedAt, piece.Replaces, piece.SupersededBy));
        var history = FactsOf("Robert");
        Assert.Equal((T1, rome.Id, "Robert"), (history[paris.Id].InvalidatedAt!.Value, history[paris.Id].SupersededBy, history[paris.Id].Subject));
        Assert.Equal(rome, history[rome.Id]);
        Assert.Equal([rome.Id], LivesIn("Robert", validAt: T1).Select(f => f.Id));
        Assert.Equal([piece.Id], LivesIn("Robert", validAt: new(2020, 6, 1, 0, 0, 0, TimeSpan.Zero)).Select(f => f.Id));
        Assert.Single(history.Values, f => f.InvalidatedAt is null && f.ValidTo is null);

        var undone = Write(new GraphRequest { Op = GraphOps.Unmerge, MergeId = merged.Merge.Id }, T2);

        Assert.NotNull(undone.Merge!.UndoneAt);
        Assert.Equal([paris], LivesIn("Bobby", validAt: T2));
        Assert.Equal([paris], LivesIn("Bobby", validAt: new(2020, 6, 1, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal([rome], LivesIn("Robert", validAt: T2));
        Assert.Empty(LivesIn("Robert", validAt: new(2020, 6, 1, 0, 0, 0, TimeSpan.Zero)));
        // The version the merge recorded stays in history, invalidated when the merge was undone.
        var kept = FactsOf("Bobby")[piece.Id];
        Assert.Equal(("Bobby", T2), (kept.Subject, kept.InvalidatedAt!.Value));
        Assert.Equal([rome.Id], FactsOf("Robert").Keys);
    }

    [Fact]
    public void Merge_TargetsOwnEarlierFact_IsClosedWhereTheMovedOneBegins()
    {
        Write(new GraphRequest { Op = GraphOps.CreateEntities, Entities = [new() { Name = "Bobby", EntityType = "person" }, new() { Name = "Robert", EntityType = "person" }, new() { Name = "Paris", EntityType = "city" }, new() { Name = "Rome", EntityType = "city" }] });
        Write(new GraphRequest { Op = GraphOps.DefinePredicate, Predicate = new GraphPredicate { Name = "lives_in", SingleValued = true, ObjectKind = "entity" } });
        var rome = AddLivesIn("Robert", "Rome", Y2020);
        var paris = AddLivesIn("Bobby", "Paris", Y2021);

        var merged = Write(new GraphRequest { Op = GraphOps.Merge, Entity = "Bobby", Target = "Robert" }, T1);

        Assert.Equal([rome], merged.Merge!.ClosedFacts);
        var piece = Assert.Single(merged.Merge.RecordedFacts);
        Assert.Equal(("Robert", "Rome", Y2020, Y2021, paris.Id), (piece.Subject, piece.Object, piece.ValidFrom!.Value, piece.ValidTo!.Value, piece.SupersededBy));
        Assert.Equal([paris with { Subject = "Robert" }], LivesIn("Robert", validAt: T1));

        Write(new GraphRequest { Op = GraphOps.Unmerge, MergeId = merged.Merge.Id }, T2);

        Assert.Equal([rome], LivesIn("Robert", validAt: T2));
        Assert.Equal([paris], LivesIn("Bobby", validAt: T2));
    }

    private (GraphFact Paris, GraphFact Rome) BobbyInParisRobertInRome()
    {
        Write(new GraphRequest { Op = GraphOps.CreateEntities, Entities = [new() { Name = "Bobby", EntityType = "person" }, new() { Name = "Robert", EntityType = "person" }, new() { Name = "Paris", EntityType = "city" }, new() { Name = "Rome", EntityType = "city" }] });
        Write(new GraphRequest { Op = GraphOps.DefinePredicate, Predicate = new GraphPredicate { Name = "lives_in", SingleValued = true, ObjectKind = "entity" } });
        return (AddLivesIn("Bobby", "Paris", Y2020), AddLivesIn("Robert", "Rome", Y2021));
    }

    private GraphFact AddLivesIn(string subject, string city, DateTimeOffset from, DateTimeOffset? recorded = null) =>
        Write(new GraphRequest { Op = GraphOps.AddFact, Fact = new GraphFact { Id = "", Subject = subject, Predicate = "lives_in", Object = city, ValidFrom = from } }, recorded).Facts![0];

    private List<GraphFact> LivesIn(string subject, DateTimeOffset validAt) =>
        [.. _graph.Query(new GraphRequest { Op = GraphOps.QueryFacts, Entity = subject, Predicate = new GraphPredicate { Name = "lives_in", ObjectKind = "" }, ValidAt = validAt }, T2).Facts!];

    private Dictionary<string, GraphFact> FactsOf(string subject) =>
        _graph.Query(new GraphRequest { Op = GraphOps.FactHistory, Entity = subject }, T2).Facts!.ToDictionary(f => f.Id);

    [Fact]
    public void Unmerge_AfterALaterFactClaimedTheClosedFactsTime_LeavesItClosed_AndSaysSo()
    {
        Write(new GraphRequest { Op = GraphOps.CreateEntities, Entities = [new() { Name = "Bobby", EntityType = "person" }, new() { Name = "Robert", EntityType = "person" }, new() { Name = "Paris", EntityType = "city" }, new() { Name = "Rome", EntityType = "city" }, new() { Name = "Berlin", EntityType = "city" }] });
        Write(new GraphRequest { Op = GraphOps.DefinePredicate, Predicate = new GraphPredicate { Name = "lives_in", SingleValued = true, ObjectKind = "entity" } });
        var rome = AddLivesIn("Robert", "Rome", Y2020);
        AddLivesIn("Bobby", "Paris", Y2021);
        var merged = Write(new GraphRequest { Op = GraphOps.Merge, Entity = "Bobby", Target = "Robert" }, T1);
        var berlin = AddLivesIn("Robert", "Berlin", new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), T1.AddDays(1));

        var undone = Write(new GraphRequest { Op = GraphOps.Unmerge, MergeId = merged.Merge!.Id }, T2);

        Assert.Contains($"'{rome.Id}'", undone.Note, StringComparison.Ordinal);
        Assert.NotNull(FactsOf("Robert")[rome.Id].InvalidatedAt);
        Assert.Equal(["Rome", "Paris", "Berlin"], [LivesIn("Robert", Y2020).Single().Target, LivesIn("Robert", Y2021).Single().Target, LivesIn("Robert", T2).Single().Target]);
        Assert.Equal(berlin.Id, LivesIn("Robert", T2).Single().Id);
        Assert.Empty(LivesIn("Bobby", T2));
    }

    [Fact]
    public void Resolve_AnAmbiguousNormalisedName_FailsListingTheCandidates()
    {
        Write(new GraphRequest { Op = GraphOps.CreateEntities, Entities = [new GraphEntity { Name = "bob", EntityType = "dog" }, new GraphEntity { Name = "BOB", EntityType = "robot" }] });

        var error = Assert.Throws<McpMemoryException>(() => _graph.Resolve("Bob ", "entity"));

        Assert.Contains("'BOB', 'Bob', 'bob'", error.Message, StringComparison.Ordinal);
        Assert.Equal("Bob", _graph.Resolve("Bob", "entity").Name);
    }

    private string Describe()
    {
        var read = _graph.Query(new GraphRequest { Op = GraphOps.ReadGraph }, T0);
        return string.Join(";", read.Entities!.Select(e => $"{e.Name}:[{string.Join(",", e.Observations)}]:[{string.Join(",", e.Aliases)}]").Order(StringComparer.Ordinal))
            + "|" + string.Join(";", read.Relations!.Select(r => $"{r.From}-{r.RelationType}->{r.To}").Order(StringComparer.Ordinal));
    }
}
