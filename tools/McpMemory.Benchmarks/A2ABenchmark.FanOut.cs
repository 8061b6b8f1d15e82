using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ModelContextProtocol.Client;

namespace McpMemory.Benchmarks;

/// <summary>The fan-out half of the <c>a2a</c> benchmark.</summary>
internal static partial class A2ABenchmark
{
    private const int FanOutPeers = 4;

    /// <summary>
    /// Fan-out: four agents of <c>tools/interop/a2a-peer.mjs</c> (two <c>@a2a-js/sdk</c> 1.3.0, two 0.3.14; behaviour
    /// slow, <paramref name="steps"/> steps of 100 ms each), registered on our <c>serve --http</c> through MCP
    /// (<c>agent_register</c>, capacity 1). Each run times the four parts sent with <c>agent_send</c> one after another
    /// and one <c>agent_fan_out</c> of the same four parts (which goes first alternates), and checks every answer.
    /// </summary>
    private static async Task FanOutAsync(string node, int runs, int steps, string dataDirectory, Dictionary<string, object> result)
    {
        var work = steps * 100;
        Measure.Progress($"a2a: fan-out: {FanOutPeers} peers of {work} ms of work each, {runs} runs");
        var peers = new List<A2APeerProcess>();
        try
        {
            for (var i = 0; i < FanOutPeers; i++)
            {
                peers.Add(await A2APeerProcess.StartAsync(node, "a2a-peer.mjs", i % 2 == 0 ? "v1" : "v03", $"worker{i}", "summarize", "slow", steps.ToString(CultureInfo.InvariantCulture)));
            }

            var port = ServerLaunch.FreePort();
            var (command, serveArguments) = ServerLaunch.Ours("serve", "--http", "--urls", $"http://127.0.0.1:{port}", "--data-dir", dataDirectory);
            await using var ours = await ServerLaunch.StartHttpAsync(command, serveArguments, port);
            foreach (var peer in peers)
            {
                await GraphServers.CallAsync(ours.Client, ours: true, "agent_register", new() { ["url"] = peer.CardUrl, ["capacity"] = 1 });
            }

            var parts = Enumerable.Range(0, FanOutPeers).Select(i => $"part {i}").ToArray();
            await SendOneAfterAnotherAsync(ours.Client, parts); // warm up JIT, connections and the peers
            await FanOutOnceAsync(ours.Client, parts);

            var (sequential, fanned, ownCount) = (new List<double>(), new List<double>(), new List<double>());
            for (var run = 0; run < runs; run++)
            {
                foreach (var fanFirst in run % 2 == 0 ? new[] { false, true } : [true, false])
                {
                    if (fanFirst)
                    {
                        var (elapsed, own) = await FanOutOnceAsync(ours.Client, parts);
                        fanned.Add(elapsed);
                        ownCount.Add(own);
                    }
                    else
                    {
                        sequential.Add(await SendOneAfterAnotherAsync(ours.Client, parts));
                    }
                }

                Measure.Progress(string.Create(CultureInfo.InvariantCulture, $"a2a: fan-out run {run + 1}/{runs}: agent_send one after another {sequential[^1]:F0} ms, agent_fan_out {fanned[^1]:F0} ms (its own count {ownCount[^1]:F0} ms)"));
            }

            var (s, f, o) = (Measure.Median(sequential), Measure.Median(fanned), Measure.Median(ownCount));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"a2a fan-out {FanOutPeers} parts of {work} ms on {FanOutPeers} peers: agent_fan_out {f:F0} ms, agent_send one after another {s:F0} ms: {Measure.Versus(f, s, higherIsBetter: false)}; the fan-out took {f - work:F0} ms over one part's work"));
            result["a2a_fanout_peers"] = FanOutPeers;
            result["a2a_fanout_part_work_ms"] = work;
            result["a2a_fanout_sequential_ms"] = Measure.Round(s, 1);
            result["a2a_fanout_parallel_ms"] = Measure.Round(f, 1);
            result["a2a_fanout_parallel_own_ms"] = Measure.Round(o, 1);
            result["a2a_fanout_ratio"] = Measure.Ratio(f, s, higherIsBetter: false);
        }
        finally
        {
            foreach (var peer in peers)
            {
                await peer.DisposeAsync();
            }
        }
    }

    /// <summary>Sends part i to worker i with <c>agent_send</c>, one after another; returns the wall time in ms.</summary>
    private static async Task<double> SendOneAfterAnotherAsync(McpClient client, string[] parts)
    {
        var clock = Stopwatch.StartNew();
        var answers = new List<string?>();
        for (var i = 0; i < parts.Length; i++)
        {
            var sent = await GraphServers.CallAsync(client, ours: true, "agent_send", new() { ["agent"] = $"worker{i}", ["text"] = parts[i] });
            answers.Add(sent.GetProperty("text").GetString());
        }

        var elapsed = clock.Elapsed.TotalMilliseconds;
        for (var i = 0; i < parts.Length; i++)
        {
            if (answers[i] != $"worker{i} did: {parts[i]}")
            {
                throw new InvalidOperationException($"agent_send to worker{i} answered '{answers[i]}', not 'worker{i} did: {parts[i]}'");
            }
        }

        return elapsed;
    }

    /// <summary>
    /// One <c>agent_fan_out</c> of the parts (skill summarize); checks that every part completed on its own peer and the
    /// results come back in the parts' order. Returns the wall time and the tool's own <c>elapsed_ms</c>.
    /// </summary>
    private static async Task<(double Elapsed, double Own)> FanOutOnceAsync(McpClient client, string[] parts)
    {
        var tasks = JsonSerializer.SerializeToElement(parts.Select(p => new Dictionary<string, string> { ["skill"] = "summarize", ["text"] = p }).ToArray());
        var clock = Stopwatch.StartNew();
        var fanned = await GraphServers.CallAsync(client, ours: true, "agent_fan_out", new() { ["tasks"] = tasks });
        var elapsed = clock.Elapsed.TotalMilliseconds;
        var results = fanned.GetProperty("results").EnumerateArray().ToArray();
        var agents = results.Select(r => r.GetProperty("agent").GetString()).ToArray();
        var wrong = results.Select((r, i) => (r, i)).Where(x => x.r.GetProperty("text").GetString() != $"{agents[x.i]} did: {parts[x.i]}").ToArray();
        if (fanned.GetProperty("completed").GetInt32() != parts.Length || results.Length != parts.Length || agents.Distinct().Count() != parts.Length || wrong.Length > 0)
        {
            throw new InvalidOperationException($"agent_fan_out of {parts.Length} parts over {FanOutPeers} peers answered wrong (each part on its own peer, in order, expected): {fanned}");
        }

        return (elapsed, fanned.GetProperty("elapsed_ms").GetDouble());
    }
}
