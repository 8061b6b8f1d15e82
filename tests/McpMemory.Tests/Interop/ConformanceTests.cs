using System.Text.Json;
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
        var unknown = ours.Run.Concat(ours.Excluded.Keys).Except(suite).ToList();
        Assert.True(unknown.Count == 0, $"conformance-scenarios.json names scenarios the suite does not have: {string.Join(", ", unknown)}");
        var uncovered = suite.Except(ours.Run).Except(ours.Excluded.Keys).ToList();
        Assert.True(uncovered.Count == 0, $"the suite has scenarios that conformance-scenarios.json neither runs nor excludes with a reason: {string.Join(", ", uncovered)}");
        Assert.Subset(ours.Run.ToHashSet(), new HashSet<string> { "server-initialize", "ping", "tools-list", "logging-set-level", "dns-rebinding-protection" });
    }

    [Theory]
    [MemberData(nameof(RunScenarios))]
    public async Task Scenario_AgainstServeHttp_PassesEveryCheck(string scenario)
    {
        var output = _temp.Combine("results");

        var run = await InteropTools.RunNodeAsync(
            InteropTools.ConformanceCli,
            ["server", "--url", fixture.Server.McpUri.ToString(), "--scenario", scenario, "-o", output],
            TestTimeouts.Token());

        var results = Directory.Exists(output) ? Directory.GetFiles(output, "checks.json", SearchOption.AllDirectories) : [];
        Assert.True(results.Length == 1, $"the suite wrote no results for {scenario}:\n{run}\nserver:\n{fixture.Server.Stderr}");
        using var checks = JsonDocument.Parse(await File.ReadAllTextAsync(results[0], TestContext.Current.CancellationToken));
        var statuses = checks.RootElement.EnumerateArray()
            .Select(c => (Id: c.GetProperty("id").GetString(), Status: c.GetProperty("status").GetString(), Error: c.TryGetProperty("errorMessage", out var e) ? e.GetString() : null))
            .ToList();
        var notPassed = statuses.Where(c => c.Status is not ("SUCCESS" or "INFO")).Select(c => $"{c.Id}: {c.Status} {c.Error}").ToList();

        Assert.True(run.ExitCode == 0, $"{scenario} failed:\n{run}");
        Assert.True(notPassed.Count == 0, $"{scenario} has checks that did not pass (failed, warned or skipped):\n{string.Join('\n', notPassed)}");
        Assert.Contains(statuses, c => c.Status == "SUCCESS");
    }

    [GeneratedRegex(@"^\s*-\s+(\S+)")]
    private static partial Regex ScenarioLine();
}
