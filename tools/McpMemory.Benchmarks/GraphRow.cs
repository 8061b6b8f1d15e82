namespace McpMemory.Benchmarks;

/// <summary>Every run's samples at one size of the <c>graph</c> benchmark, ours and server-memory's.</summary>
internal sealed record GraphRow(int Size, bool Seeded)
{
    public List<GraphSample> Ours { get; } = [];

    public List<GraphSample> Peer { get; } = [];

    /// <summary>How the graph came to be: built through create_entities in every run, or seeded once and copied.</summary>
    public string How => Seeded ? "seeded, then create + search" : "built through create_entities";

    public double Median(bool ours, Func<GraphSample, double> pick) => Measure.Median((ours ? Ours : Peer).Select(pick));
}
