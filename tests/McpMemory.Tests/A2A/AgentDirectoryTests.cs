using McpMemory.Core;
using McpMemory.Mcp.Agents;
using McpMemory.Tests.Support;
using Microsoft.Extensions.Options;

namespace McpMemory.Tests.A2A;

/// <summary>
/// The agent directory with real peers (agents written with the reference JavaScript SDK): two directories on one
/// data directory, as two <c>mcp-memory</c> processes have, each principal's own agents, and capacity.
/// </summary>
public sealed class AgentDirectoryTests : IDisposable
{
    private static readonly TimeSpan CardTimeout = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private IOptions<McpMemoryOptions> Options() => Microsoft.Extensions.Options.Options.Create(new McpMemoryOptions { DataDirectory = _temp.Path });

    [Fact]
    public async Task TwoDirectoriesOnOneDataDirectory_SeeEachOthersAgents_AndNoWriteLosesTheOthers()
    {
        var ct = TestTimeouts.Token();
        await using var alpha = await PeerAgent.StartAsync("v1", "alpha", "summarize", "answer", ct);
        await using var beta = await PeerAgent.StartAsync("v03", "beta", "translate", "answer", ct);
        using var first = new AgentDirectory(Options());
        using var second = new AgentDirectory(Options());

        var (registered, _) = await first.RegisterAsync("local", alpha.CardUrl, 2, CardTimeout, ct);
        var secondSees = second.List("local").Select(a => a.Name).ToList();
        await second.RegisterAsync("local", beta.CardUrl, 3, CardTimeout, ct);
        var seenAfter = DateTimeOffset.UtcNow;
        await first.MarkSeenAsync(registered, ct); // written from first's side after second's registration
        using (var lease = await second.LeaseForAsync("local", "summarize", [], ct))
        {
            Assert.Equal("alpha", lease?.Peer.Name);
        }

        using var third = new AgentDirectory(Options());

        Assert.Equal(["alpha"], secondSees);
        Assert.Equal(["alpha", "beta"], first.List("local").Select(a => a.Name));
        Assert.Equal(["alpha", "beta"], third.List("local").Select(a => a.Name));
        Assert.Equal([2, 3], third.List("local").Select(a => a.Capacity));
        Assert.True(third.View("local", "alpha").LastSeen >= seenAfter, $"alpha was last seen {third.View("local", "alpha").LastSeen:O}, before first marked it seen at {seenAfter:O}");
    }

    [Fact]
    public async Task EachPrincipal_HasItsOwnAgents_AndCannotReplaceOrCallAnothersOfTheSameName()
    {
        var ct = TestTimeouts.Token();
        await using var alicesWorker = await PeerAgent.StartAsync("v1", "worker", "summarize", "answer", ct);
        await using var bobsWorker = await PeerAgent.StartAsync("v1", "worker", "summarize", "fail", ct);
        using var directory = new AgentDirectory(Options());

        var (_, aliceAdded) = await directory.RegisterAsync("alice", alicesWorker.CardUrl, 1, CardTimeout, ct);
        var bobBefore = directory.List("bob");
        var (_, bobAdded) = await directory.RegisterAsync("bob", bobsWorker.CardUrl, 1, CardTimeout, ct);
        var carolCalls = Assert.Throws<McpMemoryException>(() => directory.Lease("carol", "worker"));
        using var reread = new AgentDirectory(Options());

        Assert.True(aliceAdded);
        Assert.Empty(bobBefore);
        Assert.True(bobAdded);
        Assert.Equal(alicesWorker.CardUrl, reread.View("alice", "worker").CardUrl);
        Assert.Equal(bobsWorker.CardUrl, reread.View("bob", "worker").CardUrl);
        Assert.Contains("No agent is registered as 'worker'. Registered agents: none yet", carolCalls.Message, StringComparison.Ordinal);
        using var lease = reread.Lease("alice", "worker");
        Assert.Equal(alicesWorker.CardUrl, lease.Peer.CardUrl);
    }

    [Fact]
    public async Task LeaseFor_WhenEveryAgentWithTheSkillIsAtCapacity_WaitsForAFreeSlot()
    {
        var ct = TestTimeouts.Token();
        await using var solo = await PeerAgent.StartAsync("v1", "solo", "summarize", "answer", ct);
        using var directory = new AgentDirectory(Options());
        await directory.RegisterAsync("local", solo.CardUrl, 1, CardTimeout, ct);

        var first = await directory.LeaseForAsync("local", "summarize", [], ct);
        var second = directory.LeaseForAsync("local", "summarize", [], ct);
        var none = await directory.LeaseForAsync("local", "translate", [], ct);
        await Task.Delay(300, ct);
        var waitedWhileBusy = !second.IsCompleted;
        var inFlightWhileBusy = directory.View("local", "solo").InFlight;
        first!.Dispose();
        using var granted = await second.WaitAsync(TimeSpan.FromSeconds(10), ct);

        Assert.True(waitedWhileBusy, "the second lease was granted while the only agent was at its capacity of 1");
        Assert.Equal(1, inFlightWhileBusy);
        Assert.Null(none);
        Assert.Equal("solo", granted?.Peer.Name);
        Assert.Equal(1, directory.View("local", "solo").InFlight);
    }
}
