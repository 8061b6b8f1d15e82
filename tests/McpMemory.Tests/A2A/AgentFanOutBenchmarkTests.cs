using System.Diagnostics;
using System.Text.Json;
using McpMemory.Tests.Support;

namespace McpMemory.Tests.A2A;

/// <summary>
/// The wall time of <c>agent_fan_out</c> over four real peers (each takes 1 s of work) against sending the same four
/// parts with <c>agent_send</c> one after another, through a real <c>serve --http</c>; the figures go to the test output.
/// </summary>
public sealed class AgentFanOutBenchmarkTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task AgentFanOut_FourPeersOfOneSecond_TakesAboutOnePartNotTheSumOfThem()
    {
        var ct = TestTimeouts.Token();
        var peers = new List<PeerAgent>();
        try
        {
            for (var i = 0; i < 4; i++)
            {
                peers.Add(await PeerAgent.StartAsync(i % 2 == 0 ? "v1" : "v03", $"worker{i}", "summarize", "slow", ct, steps: 10));
            }

            await using var server = await HttpServer.StartAsync(_temp.Path, cancellationToken: ct);
            await using var client = await server.ConnectAsync(cancellationToken: ct);
            foreach (var peer in peers)
            {
                await client.CallAsync("agent_register", new() { ["url"] = peer.CardUrl, ["capacity"] = 1 }, ct);
            }

            var parts = Enumerable.Range(0, 4).Select(i => $"part {i}").ToList();
            var sequential = Stopwatch.StartNew();
            var answers = new List<string?>();
            for (var i = 0; i < parts.Count; i++)
            {
                var sent = await client.CallAsync("agent_send", new() { ["agent"] = $"worker{i}", ["text"] = parts[i] }, ct);
                answers.Add(sent.GetProperty("text").GetString());
            }

            sequential.Stop();
            var parallel = Stopwatch.StartNew();
            var fanned = await client.CallAsync("agent_fan_out", new() { ["tasks"] = JsonSerializer.SerializeToElement(parts.Select(p => new { skill = "summarize", text = p })) }, ct);
            parallel.Stop();

            TestContext.Current.TestOutputHelper?.WriteLine($"4 parts of 1 s on 4 peers: one after another {sequential.ElapsedMilliseconds} ms, agent_fan_out {parallel.ElapsedMilliseconds} ms (its own count {fanned.GetProperty("elapsed_ms").GetInt64()} ms)");
            Assert.Equal(parts.Select((p, i) => $"worker{i} did: {p}"), answers);
            Assert.Equal(4, fanned.GetProperty("completed").GetInt32());
            Assert.Equal(["worker0", "worker1", "worker2", "worker3"], fanned.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("agent").GetString()));
            Assert.True(sequential.ElapsedMilliseconds >= 4000, $"one after another took {sequential.ElapsedMilliseconds} ms, less than the peers' 4 x 1 s of work");
            Assert.True(parallel.ElapsedMilliseconds < sequential.ElapsedMilliseconds / 2, $"fan-out took {parallel.ElapsedMilliseconds} ms against {sequential.ElapsedMilliseconds} ms one after another");
        }
        finally
        {
            foreach (var peer in peers)
            {
                await peer.DisposeAsync();
            }
        }
    }
}
