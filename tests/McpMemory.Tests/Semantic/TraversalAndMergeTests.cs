using McpMemory.Core;
using McpMemory.Core.Semantic;

namespace McpMemory.Tests.Semantic;

public sealed class TraversalAndMergeTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
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

    private GraphResponse Write(GraphRequest request)
    {
        var plan = _graph.Plan(request, T0);
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
