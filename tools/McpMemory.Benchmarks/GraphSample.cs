namespace McpMemory.Benchmarks;

/// <summary>What one server did in one run of the <c>graph</c> benchmark at one size.</summary>
/// <param name="IngestSeconds">Wall time of all the timed create_entities calls, back to back.</param>
/// <param name="CreateP50">create_entities latency p50, ms.</param>
/// <param name="CreateP95">create_entities latency p95, ms.</param>
/// <param name="SearchP50">search_nodes latency p50, ms.</param>
/// <param name="SearchP95">search_nodes latency p95, ms.</param>
/// <param name="EmbedWaitSeconds">Ours only: how long after the last create_entities until every entity was embedded.</param>
/// <param name="SearchMissed">Searches that did not find every entity of the group by text (server-memory's finds).</param>
/// <param name="StartWaitSeconds">Ours only: from connecting until the store was searchable by meaning (0 unless it had to embed again).</param>
/// <param name="CreateMax">The slowest create_entities call, ms.</param>
/// <param name="SearchMax">The slowest search_nodes call, ms.</param>
internal sealed record GraphSample(double IngestSeconds, double CreateP50, double CreateP95, double SearchP50, double SearchP95, double EmbedWaitSeconds, int SearchMissed, double StartWaitSeconds, double CreateMax, double SearchMax);
