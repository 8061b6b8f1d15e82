namespace McpMemory.Benchmarks;

/// <summary>What one agent did at one concurrency in one run of the <c>a2a</c> load benchmark.</summary>
/// <param name="RequestsPerSecond">Requests completed divided by the wall time of the level.</param>
/// <param name="P50">SendMessage latency p50, ms (request sent to the whole reply read).</param>
/// <param name="P95">SendMessage latency p95, ms.</param>
internal sealed record A2ALoadSample(double RequestsPerSecond, double P50, double P95);
