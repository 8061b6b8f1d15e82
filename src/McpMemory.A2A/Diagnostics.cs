using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace McpMemory.A2A;

/// <summary>The activity source and meter of this assembly, named <c>McpMemory.A2A</c>.</summary>
internal static class Diagnostics
{
    public const string Name = "McpMemory.A2A";

    public static readonly ActivitySource ActivitySource = new(Name);

    public static readonly Meter Meter = new(Name);

    /// <summary>Calls the client made to peer agents, tagged by operation and outcome (ok, error, timeout).</summary>
    public static readonly Counter<long> ClientCalls = Meter.CreateCounter<long>(
        "mcpmemory.a2a.client.calls", unit: "{call}", description: "Calls made to other A2A agents.");

    /// <summary>Counts one call to a peer.</summary>
    public static void CountCall(string operation, string outcome) =>
        ClientCalls.Add(1, new KeyValuePair<string, object?>("operation", operation), new KeyValuePair<string, object?>("outcome", outcome));
}
