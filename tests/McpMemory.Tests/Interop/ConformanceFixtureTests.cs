using McpMemory.Tests.Support;

namespace McpMemory.Tests.Interop;

/// <summary>
/// The conformance suite's tools-call scenarios, which call its own fixture tools, against our HTTP hosting pipeline
/// serving those tools (<see cref="ConformanceFixtureHost"/>): content types, tool errors, log notifications,
/// progress, and sampling and elicitation requests from server to client over our Streamable HTTP sessions.
/// </summary>
public sealed class ConformanceFixtureTests(ConformanceFixtureHost host) : IClassFixture<ConformanceFixtureHost>, IDisposable
{
    private readonly TempDirectory _temp = new();

    public static TheoryData<string> FixtureScenarios => new(ConformanceScenarioList.Load().FixtureRun);

    public void Dispose() => _temp.Dispose();

    [Theory]
    [MemberData(nameof(FixtureScenarios))]
    public Task Scenario_AgainstOurPipelineWithTheSuitesFixtureTools_PassesEveryCheck(string scenario) =>
        ConformanceSuite.AssertScenarioPassesAsync(host.McpUri, scenario, _temp.Combine("results"), () => "(in-process host: see the test output)");
}
