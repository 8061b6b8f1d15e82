using System.Text.RegularExpressions;
using McpMemory.Tests.Support;

namespace McpMemory.Tests.Interop;

/// <summary>
/// The official MCP conformance suite (<c>@modelcontextprotocol/conformance</c>, pinned in tools/interop) against a
/// real <c>mcp-memory serve --http</c>: every server scenario is either run and passes, or is excluded in
/// tools/interop/conformance-scenarios.json with the reason.
/// </summary>
public sealed partial class ConformanceTests(ConformanceServer fixture) : IClassFixture<ConformanceServer>, IDisposable
{
    private readonly TempDirectory _temp = new();

    public static TheoryData<string> RunScenarios => new(ConformanceScenarioList.Load().Run);

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ScenarioList_CoversEveryServerScenarioOfTheSuite_AndNothingElse()
    {
        var ours = ConformanceScenarioList.Load();

        var listed = await InteropTools.RunNodeAsync(InteropTools.ConformanceCli, ["list", "--server"], TestTimeouts.Token());
        var suite = listed.Stdout.Split('\n').Select(line => ScenarioLine().Match(line)).Where(m => m.Success).Select(m => m.Groups[1].Value).ToList();

        Assert.True(listed.ExitCode == 0 && suite.Count > 0, $"the suite listed no server scenarios:\n{listed}");
        Assert.Empty(ours.Run.Intersect(ours.Excluded.Keys));
        Assert.All(ours.Excluded, e => Assert.False(string.IsNullOrWhiteSpace(e.Value), $"excluded scenario {e.Key} needs a reason"));
        Assert.Empty(ours.Run.Intersect(ours.FixtureRun));
        Assert.Empty(ours.FixtureRun.Intersect(ours.Excluded.Keys));
        var unknown = ours.Run.Concat(ours.FixtureRun).Concat(ours.Excluded.Keys).Except(suite).ToList();
        Assert.True(unknown.Count == 0, $"conformance-scenarios.json names scenarios the suite does not have: {string.Join(", ", unknown)}");
        var uncovered = suite.Except(ours.Run).Except(ours.FixtureRun).Except(ours.Excluded.Keys).ToList();
        Assert.True(uncovered.Count == 0, $"the suite has scenarios that conformance-scenarios.json neither runs (against serve --http or the fixture host) nor excludes with a reason: {string.Join(", ", uncovered)}");
        Assert.Subset(ours.Run.ToHashSet(), new HashSet<string> { "server-initialize", "ping", "tools-list", "logging-set-level", "dns-rebinding-protection" });
    }

    [Theory]
    [MemberData(nameof(RunScenarios))]
    public Task Scenario_AgainstServeHttp_PassesEveryCheck(string scenario) =>
        ConformanceSuite.AssertScenarioPassesAsync(fixture.Server.McpUri, scenario, _temp.Combine("results"), () => fixture.Server.Stderr);

    [GeneratedRegex(@"^\s*-\s+(\S+)")]
    private static partial Regex ScenarioLine();
}
