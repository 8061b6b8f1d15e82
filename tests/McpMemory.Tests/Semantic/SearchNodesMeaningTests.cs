using McpMemory.Core.Embeddings;
using McpMemory.Core.Semantic;
using McpMemory.Tests.Support;

namespace McpMemory.Tests.Semantic;

/// <summary>search_nodes by meaning with the real default model: the right entity is found, noise is not.</summary>
public sealed class SearchNodesMeaningTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static async Task<KnowledgeGraph> GraphAsync()
    {
        var graph = new KnowledgeGraph("test");
        GraphEntity E(string name, string type, params string[] observations) => new() { Name = name, EntityType = type, Observations = observations };
        var plan = graph.Plan(new GraphRequest
        {
            Op = GraphOps.CreateEntities,
            Entities =
            [
                E("Alice Smith", "person", "Flies gliders every weekend", "Lives near the coast"),
                E("Bob", "person", "Plays chess", "Works as an accountant"),
                E("Acme", "organization", "Builds rockets"),
                E("Dr. Chen", "person", "Cardiologist at St. Mary's hospital", "Enjoys hiking"),
                E("Project Falcon", "project", "Migrating billing to Kubernetes", "Deadline in March"),
                E("Sushi Place", "restaurant", "Serves omakase", "Near the train station"),
                E("Max", "dog", "Golden retriever", "Loves swimming"),
                E("Paris", "city"),
            ],
        }, T0);
        graph.Apply(plan.Changes);
        var pending = graph.TakePendingEmbeddings(100);
        var vectors = await SharedEmbedder.ArcticXs.GenerateAsync(pending.Select(p => p.Text).ToList(), cancellationToken: TestContext.Current.CancellationToken);
        for (var i = 0; i < pending.Count; i++)
        {
            Assert.True(graph.SetEmbedding(pending[i].Name, pending[i].Version, vectors[i].Vector.Span));
        }

        return graph;
    }

    [Theory]
    [InlineData("heart doctor", "Dr. Chen")]
    [InlineData("Japanese food", "Sushi Place")]
    [InlineData("who flies gliders", "Alice Smith")]
    [InlineData("chess", "Bob")]
    [InlineData("weather tomorrow", null)]
    [InlineData("quantum physics", null)]
    public async Task SearchNodes_ByMeaning_FindsTheRightEntityAndNoNoise(string query, string? expected)
    {
        var graph = await GraphAsync();
        var vector = (await SharedEmbedder.ArcticXs.GenerateAsync([query], EmbeddingInputType.ForQuery, TestContext.Current.CancellationToken))[0].Vector;

        var hits = graph.Query(new GraphRequest { Op = GraphOps.SearchNodes, Query = query, K = 10 }, T0, vector.Span).Hits!;

        Assert.Equal(expected is null ? [] : [expected], hits.Select(h => h.Entity.Name));
        Assert.All(hits, h => Assert.Contains("meaning", h.Match!, StringComparison.Ordinal));
    }
}
