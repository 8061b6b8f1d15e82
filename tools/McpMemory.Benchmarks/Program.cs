using System.Text.Json;
using McpMemory.Benchmarks;

// mcp-memory benchmarks: each measures ours against a peer in the same run (interleaved, median of 5 runs), prints
// progress on stderr, one line per comparison on stdout with the ratio ("beats" at 1.2x or more), and ends with one
// JSON line holding every figure. See the README section "Benchmarks".
// Usage: dotnet run -c Release --project tools/McpMemory.Benchmarks -- <embed|vectors|mcp-overhead|cold-start|graph|cache|scale|tools|a2a|all> [options]
const string Usage = "usage: McpMemory.Benchmarks <embed|vectors|mcp-overhead|cold-start|graph|cache|scale|tools|a2a|all> [options]; see README.md, section Benchmarks";
var command = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "scale";
var arguments = new BenchmarkArguments(args);
var figures = new Dictionary<string, object> { ["benchmark"] = command, ["processors"] = Environment.ProcessorCount };

async Task Run(string name, Func<BenchmarkArguments, Task<Dictionary<string, object>>> benchmark)
{
    if (command == name || command == "all")
    {
        foreach (var (key, value) in await benchmark(arguments))
        {
            figures[key] = value;
        }
    }
}

if (command is not ("embed" or "vectors" or "mcp-overhead" or "cold-start" or "graph" or "cache" or "scale" or "tools" or "a2a" or "all"))
{
    await Console.Error.WriteLineAsync(Usage);
    return 2;
}

await Run("embed", EmbeddingBenchmark.RunAsync);
await Run("vectors", VectorSearchBenchmark.RunAsync);
await Run("mcp-overhead", McpOverheadBenchmark.RunAsync);
await Run("cold-start", ColdStartBenchmark.RunAsync);
if (command == "graph")
{
    // Not part of "all": at its default sizes it embeds 100,000 entities once and builds 10,000 five times.
    await Run("graph", GraphBenchmark.RunAsync);
}

if (command == "cache")
{
    // Not part of "all": it needs GPTCache's paraphrase file from ../shared (or --pairs FILE).
    try
    {
        await Run("cache", CacheBenchmark.RunAsync);
    }
    catch (FileNotFoundException ex)
    {
        await Console.Error.WriteLineAsync(ex.Message);
        return 2;
    }
}

if (command == "tools")
{
    // Not part of "all": a retrieval-quality measure, not a speed comparison ("tools record" refreshes its data file).
    await Run("tools", ToolRetrievalBenchmark.RunAsync);
}

if (command == "a2a")
{
    // Not part of "all": a few minutes of load on two agents, and four peers that each take 1 s a part.
    await Run("a2a", A2ABenchmark.RunAsync);
}

if (command == "scale")
{
    // Not part of "all": it ingests 100,000 records and takes the better part of an hour on a small machine.
    await Run("scale", ScaleBenchmark.RunAsync);
}

Console.WriteLine(JsonSerializer.Serialize(figures));
return 0;
