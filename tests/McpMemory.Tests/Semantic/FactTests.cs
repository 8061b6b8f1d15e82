using McpMemory.Core;
using McpMemory.Core.Semantic;

namespace McpMemory.Tests.Semantic;

public sealed class FactTests
{
    private static readonly DateTimeOffset Jan2020 = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Jun2023 = new(2023, 6, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Recorded1 = new(2024, 1, 10, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Recorded2 = new(2024, 3, 5, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly KnowledgeGraph _graph = new("test");

    public FactTests()
    {
        Write(new GraphRequest
        {
            Op = GraphOps.CreateEntities,
            Entities = [new() { Name = "Alice", EntityType = "person" }, new() { Name = "London", EntityType = "city" }, new() { Name = "Paris", EntityType = "city" }, new() { Name = "Jazz", EntityType = "genre" }, new() { Name = "Rock", EntityType = "genre" }],
        }, Recorded1);
        Write(new GraphRequest { Op = GraphOps.DefinePredicate, Predicate = new GraphPredicate { Name = "lives_in", SingleValued = true, ObjectKind = "entity" } }, Recorded1);
        Write(new GraphRequest { Op = GraphOps.DefinePredicate, Predicate = new GraphPredicate { Name = "likes", ObjectKind = "entity" } }, Recorded1);
        Write(new GraphRequest { Op = GraphOps.DefinePredicate, Predicate = new GraphPredicate { Name = "Job Title", SingleValued = true, ObjectKind = "value" } }, Recorded1);
    }

    private GraphResponse Write(GraphRequest request, DateTimeOffset now)
    {
        var plan = _graph.Plan(request, now);
        _graph.Apply(plan.Changes);
        return plan.Response;
    }

    private GraphResponse AddFact(string subject, string predicate, string? target, DateTimeOffset? from, DateTimeOffset recorded, string? value = null) =>
        Write(new GraphRequest { Op = GraphOps.AddFact, Fact = new GraphFact { Id = "", Subject = subject, Predicate = predicate, Object = target, Value = value, ValidFrom = from } }, recorded);

    private List<string> WhereAliceLives(DateTimeOffset validAt, DateTimeOffset knownAt) =>
        _graph.Query(new GraphRequest { Op = GraphOps.QueryFacts, Entity = "Alice", Predicate = new GraphPredicate { Name = "lives_in", ObjectKind = "" }, ValidAt = validAt, KnownAt = knownAt }, Now)
            .Facts!.Select(f => f.Target).ToList();

    [Fact]
    public void SingleValuedFact_OverlappingANewerOne_IsSupersededNotDeleted()
    {
        AddFact("Alice", "lives_in", "London", Jan2020, Recorded1);

        var second = AddFact("alice", "lives_in", "Paris", Jun2023, Recorded2);

        Assert.Equal(2, second.Superseded!.Count);
        var closed = second.Superseded.Single(f => f.InvalidatedAt is null);
        Assert.Equal(("London", Jan2020, Jun2023), (closed.Target, closed.ValidFrom!.Value, closed.ValidTo!.Value));
        Assert.Equal(["London"], WhereAliceLives(validAt: new(2021, 1, 1, 0, 0, 0, TimeSpan.Zero), knownAt: Now));
        Assert.Equal(["Paris"], WhereAliceLives(validAt: Now, knownAt: Now));
        // What we believed before the move was recorded: London, open-ended.
        Assert.Equal(["London"], WhereAliceLives(validAt: Now, knownAt: new(2024, 2, 1, 0, 0, 0, TimeSpan.Zero)));
        Assert.Empty(WhereAliceLives(validAt: Now, knownAt: new(2023, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        var history = _graph.Query(new GraphRequest { Op = GraphOps.FactHistory, Entity = "Alice" }, Now).Facts!;
        Assert.Equal(3, history.Count);
    }

    [Fact]
    public void MultiValuedFacts_Accumulate_AndTheSameFactTwiceIsOneFact()
    {
        AddFact("Alice", "likes", "Jazz", Jan2020, Recorded1);
        var rock = AddFact("Alice", "likes", "Rock", Jun2023, Recorded2);
        var again = AddFact("Alice", "likes", "Jazz", Jun2023, Recorded2);

        Assert.Empty(rock.Superseded!);
        Assert.Empty(again.Superseded!);
        var likes = _graph.Query(new GraphRequest { Op = GraphOps.QueryFacts, Entity = "Alice", Predicate = new GraphPredicate { Name = "likes", ObjectKind = "" } }, Now).Facts!;
        Assert.Equal(["Jazz", "Rock"], likes.Select(f => f.Target).Order());
    }

    [Fact]
    public void Supersede_ClosesTheFactAtTheChange_AndKeepsItInHistory()
    {
        var first = AddFact("Alice", "job_title", null, Jan2020, Recorded1, value: "Engineer");

        var response = Write(new GraphRequest { Op = GraphOps.SupersedeFact, FactId = first.Facts![0].Id, Fact = new GraphFact { Id = "", Subject = "", Predicate = "", Value = "Manager", ValidFrom = Jun2023 } }, Recorded2);

        Assert.Equal("Manager", response.Facts![0].Value);
        var before = _graph.Query(new GraphRequest { Op = GraphOps.QueryFacts, Entity = "Alice", ValidAt = new(2022, 1, 1, 0, 0, 0, TimeSpan.Zero) }, Now).Facts!;
        var after = _graph.Query(new GraphRequest { Op = GraphOps.QueryFacts, Entity = "Alice" }, Now).Facts!;
        Assert.Equal(["Engineer"], before.Select(f => f.Value));
        Assert.Equal(["Manager"], after.Select(f => f.Value));
        var again = Assert.Throws<McpMemoryException>(() => _graph.Plan(new GraphRequest { Op = GraphOps.SupersedeFact, FactId = first.Facts[0].Id, Fact = new GraphFact { Id = "", Subject = "", Predicate = "", Value = "CEO" } }, Now));
        Assert.Contains("already invalidated", again.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fact_OnAnUndeclaredPredicate_OrWithTheWrongObjectKind_FailsNamingIt()
    {
        var unknown = Assert.Throws<McpMemoryException>(() => AddFact("Alice", "owns", "Paris", null, Now));
        var wrongKind = Assert.Throws<McpMemoryException>(() => AddFact("Alice", "lives_in", null, null, Now, value: "Paris"));
        var unknownObject = Assert.Throws<McpMemoryException>(() => AddFact("Alice", "lives_in", "Atlantis", null, Now));

        Assert.Contains("'owns' is not a declared predicate", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("predicate_define", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("takes an entity", wrongKind.Message, StringComparison.Ordinal);
        Assert.Contains("'Atlantis'", unknownObject.Message, StringComparison.Ordinal);
        Assert.Empty(_graph.Query(new GraphRequest { Op = GraphOps.FactHistory, Entity = "Alice" }, Now).Facts!);
    }
}
