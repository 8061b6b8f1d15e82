using McpMemory.Core;
using McpMemory.Mcp.Agents;
using McpMemory.Tests.Support;
using Microsoft.Extensions.Options;

namespace McpMemory.Tests.A2A;

/// <summary>
/// Two agent directories on one data directory, as two <c>mcp-memory</c> processes have (a stdio server per client
/// beside an HTTP one): each sees the agents the other registers, and neither's write loses the other's.
/// </summary>
public sealed class AgentDirectoryTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task TwoDirectoriesOnOneDataDirectory_SeeEachOthersAgents_AndNoWriteLosesTheOthers()
    {
        var ct = TestTimeouts.Token();
        await using var alpha = await PeerAgent.StartAsync("v1", "alpha", "summarize", "answer", ct);
        await using var beta = await PeerAgent.StartAsync("v03", "beta", "translate", "answer", ct);
        var options = Options.Create(new McpMemoryOptions { DataDirectory = _temp.Path });
        using var first = new AgentDirectory(options);
        using var second = new AgentDirectory(options);
        var timeout = TimeSpan.FromSeconds(30);

        await first.RegisterAsync(alpha.CardUrl, 2, timeout, ct);
        var secondSees = second.List().Select(a => a.Name).ToList();
        await second.RegisterAsync(beta.CardUrl, 3, timeout, ct);
        var seenAfter = DateTimeOffset.UtcNow;
        await first.MarkSeenAsync("alpha", ct); // written from first's side after second's registration
        using (var lease = second.LeaseFor("summarize", []))
        {
            Assert.Equal("alpha", lease?.Peer.Name);
        }

        using var third = new AgentDirectory(options);

        Assert.Equal(["alpha"], secondSees);
        Assert.Equal(["alpha", "beta"], first.List().Select(a => a.Name));
        Assert.Equal(["alpha", "beta"], third.List().Select(a => a.Name));
        Assert.Equal([2, 3], third.List().Select(a => a.Capacity));
        Assert.True(third.View("alpha").LastSeen >= seenAfter, $"alpha was last seen {third.View("alpha").LastSeen:O}, before first marked it seen at {seenAfter:O}");
    }
}
