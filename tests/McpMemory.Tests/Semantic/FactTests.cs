using McpMemory.Core;
using McpMemory.Core.Semantic;

namespace McpMemory.Tests.Semantic;

public sealed class FactTests
{
    private static readonly DateTimeOffset Jan2010 = new(2010, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Jun2015 = new(2015, 6, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Jan2016 = new(2016, 1, 1, 0, 0, 0, TimeSpan.Zero);
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
            Entities = [new() { Name = "Alice", EntityType = "person" }, new() { Name = "London", EntityType = "city" }, new() { Name = "Paris", EntityType = "city" }, new() { Name = "Jazz", EntityType = "genre" }, new() { Name = "Rock", EntityType = "genre" }, new() { Name = "Rome", EntityType = "city" }],
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

    private GraphResponse AddFact(string subject, string predicate, string? target, DateTimeOffset? from, DateTimeOffset recorded, string? value = null, DateTimeOffset? to = null) =>
        Write(AddFactRequest(subject, predicate, target, from, value, to), recorded);

    private static GraphRequest AddFactRequest(string subject, string predicate, string? target, DateTimeOffset? from, string? value = null, DateTimeOffset? to = null) =>
        new() { Op = GraphOps.AddFact, Fact = new GraphFact { Id = "", Subject = subject, Predicate = predicate, Object = target, Value = value, ValidFrom = from, ValidTo = to } };

    private IReadOnlyList<GraphFact> History(string subject) =>
        _graph.Query(new GraphRequest { Op = GraphOps.FactHistory, Entity = subject }, Now).Facts!;

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
    public void OlderOpenEndedFact_OnASingleValuedPredicate_EndsWhereTheNewerOneBegins_AndLosesNothing()
    {
        var paris = AddFact("Alice", "lives_in", "Paris", Jun2015, Recorded1).Facts![0];

        var response = AddFact("Alice", "lives_in", "London", Jan2010, Recorded2);

        var london = response.Facts![0];
        Assert.Equal(("London", Jan2010, Jun2015, (DateTimeOffset?)null), (london.Target, london.ValidFrom!.Value, london.ValidTo!.Value, london.InvalidatedAt));
        Assert.Empty(response.Superseded!);
        Assert.Contains("valid_to", response.Note, StringComparison.Ordinal);
        Assert.Contains($"'{paris.Id}'", response.Note, StringComparison.Ordinal);
        Assert.Equal(["London"], WhereAliceLives(validAt: new(2012, 1, 1, 0, 0, 0, TimeSpan.Zero), knownAt: Now));
        Assert.Equal(["Paris"], WhereAliceLives(validAt: Jun2015, knownAt: Now));
        Assert.Equal(["Paris"], WhereAliceLives(validAt: Jan2020, knownAt: Now));
        Assert.Equal(["Paris"], WhereAliceLives(validAt: Now, knownAt: Now));
        Assert.Empty(WhereAliceLives(validAt: new(2012, 1, 1, 0, 0, 0, TimeSpan.Zero), knownAt: Recorded1));
        // Paris is the very version recorded first: not invalidated, not re-recorded.
        Assert.Equal([paris, london], History("Alice"));
        // The same fact again is the one already recorded.
        var again = _graph.Plan(AddFactRequest("Alice", "lives_in", "London", Jan2010), Now);
        Assert.Empty(again.Changes);
        Assert.Equal(london.Id, again.Response.Facts![0].Id);
    }

    [Fact]
    public void OlderOpenEndedFact_BetweenTwoKnownOnes_TakesOnlyTheGapItClaims()
    {
        var london = AddFact("Alice", "lives_in", "London", Jan2010, Recorded1).Facts![0];
        var paris = AddFact("Alice", "lives_in", "Paris", Jan2020, Recorded1).Facts![0];
        var londonUntil2020 = History("Alice").Single(f => f.InvalidatedAt is null && f.Target == "London");

        var response = AddFact("Alice", "lives_in", "Rome", Jun2015, Recorded2);

        var rome = response.Facts![0];
        Assert.Equal((Jun2015, Jan2020), (rome.ValidFrom!.Value, rome.ValidTo!.Value));
        var invalidated = Assert.Single(response.Superseded!, f => f.InvalidatedAt is not null);
        var closed = Assert.Single(response.Superseded!, f => f.InvalidatedAt is null);
        Assert.Equal((londonUntil2020.Id, Recorded2, rome.Id), (invalidated.Id, invalidated.InvalidatedAt!.Value, invalidated.SupersededBy));
        Assert.Equal(("London", Jan2010, Jun2015, londonUntil2020.Id), (closed.Target, closed.ValidFrom!.Value, closed.ValidTo!.Value, closed.Replaces));
        Assert.Equal(["London"], WhereAliceLives(validAt: new(2012, 1, 1, 0, 0, 0, TimeSpan.Zero), knownAt: Now));
        Assert.Equal(["Rome"], WhereAliceLives(validAt: Jan2016, knownAt: Now));
        Assert.Equal(["Paris"], WhereAliceLives(validAt: Now, knownAt: Now));
        Assert.Equal(["London"], WhereAliceLives(validAt: Jan2016, knownAt: Recorded1));
        Assert.Equal(paris, History("Alice").Single(f => f.Id == paris.Id));
        Assert.Equal(london.Id, londonUntil2020.Replaces);
    }

    [Fact]
    public void FactWithAnEnd_InsideAnOlderOne_SplitsIt_AndOneWithoutAnEnd_SupersedesTheRest()
    {
        var london = AddFact("Alice", "lives_in", "London", Jan2010, Recorded1).Facts![0];

        var paris = AddFact("Alice", "lives_in", "Paris", Jun2015, Recorded2, to: Jan2016);
        var rome = AddFact("Alice", "lives_in", "Rome", Jan2020, Now);

        Assert.Equal((Jun2015, Jan2016), (paris.Facts![0].ValidFrom!.Value, paris.Facts[0].ValidTo!.Value));
        Assert.Null(paris.Note);
        Assert.Equal([(Jan2010, (DateTimeOffset?)Jun2015), (Jan2016, null)], paris.Superseded!.Where(f => f.InvalidatedAt is null).Select(f => (f.ValidFrom!.Value, f.ValidTo)));
        Assert.Null(rome.Facts![0].ValidTo);
        Assert.Equal(["London"], WhereAliceLives(validAt: Jan2010, knownAt: Now));
        Assert.Equal(["Paris"], WhereAliceLives(validAt: Jun2015, knownAt: Now));
        Assert.Equal(["London"], WhereAliceLives(validAt: Jan2016, knownAt: Now));
        Assert.Equal(["Rome"], WhereAliceLives(validAt: Now, knownAt: Now));
        Assert.Equal(Recorded2, History("Alice").Single(f => f.Id == london.Id).InvalidatedAt);
    }

    [Fact]
    public void DefinePredicate_SingleValuedWhileCurrentFactsOverlap_FailsNamingThem_AndChangesNothing()
    {
        var jazz = AddFact("Alice", "likes", "Jazz", Jan2020, Recorded1).Facts![0];
        var rock = AddFact("Alice", "likes", "Rock", Jun2023, Recorded1).Facts![0];
        var likes = new GraphPredicate { Name = "likes", SingleValued = true, ObjectKind = "entity" };

        var error = Assert.Throws<McpMemoryException>(() => _graph.Plan(new GraphRequest { Op = GraphOps.DefinePredicate, Predicate = likes }, Recorded2));

        Assert.Contains("'Alice'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{jazz.Id}'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{rock.Id}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("fact_supersede", error.Message, StringComparison.Ordinal);
        Assert.False(_graph.Query(new GraphRequest { Op = GraphOps.ListPredicates }, Now).Predicates!.Single(p => p.Name == "likes").SingleValued);

        // Once one is closed where the other begins, the predicate can become single-valued.
        Write(new GraphRequest { Op = GraphOps.SupersedeFact, FactId = jazz.Id, Fact = new GraphFact { Id = "", Subject = "", Predicate = "", Object = "Rock", ValidFrom = Jun2023 } }, Recorded2);
        var defined = Write(new GraphRequest { Op = GraphOps.DefinePredicate, Predicate = likes }, Recorded2);
        Assert.True(defined.Predicates![0].SingleValued);
    }

    [Fact]
    public void DefinePredicate_NoLongerSingleValued_IsAllowed_AndSaysSo()
    {
        AddFact("Alice", "lives_in", "London", Jan2010, Recorded1);

        var response = Write(new GraphRequest { Op = GraphOps.DefinePredicate, Predicate = new GraphPredicate { Name = "lives_in", SingleValued = false, ObjectKind = "entity" } }, Recorded2);
        var paris = AddFact("Alice", "lives_in", "Paris", Jan2020, Recorded2);

        Assert.False(response.Predicates![0].SingleValued);
        Assert.Contains("no longer single-valued", response.Note, StringComparison.Ordinal);
        Assert.Empty(paris.Superseded!);
        Assert.Equal(["London", "Paris"], WhereAliceLives(validAt: Now, knownAt: Now));
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
