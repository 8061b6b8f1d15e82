using System.Text.Json;

namespace McpMemory.Tests.Interop;

/// <summary>
/// <c>tools/interop/conformance-scenarios.json</c>: the conformance suite's server scenarios we run against
/// <c>serve --http</c>, those we run against our hosting pipeline with the suite's fixture tools added
/// (<see cref="ConformanceFixtureHost"/>), and those we leave out with the reason.
/// </summary>
public sealed class ConformanceScenarioList
{
    private ConformanceScenarioList(IReadOnlyList<string> run, IReadOnlyList<string> fixtureRun, IReadOnlyDictionary<string, string> excluded)
    {
        Run = run;
        FixtureRun = fixtureRun;
        Excluded = excluded;
    }

    public static string FilePath { get; } = Path.Combine(InteropTools.Folder, "conformance-scenarios.json");

    public IReadOnlyList<string> Run { get; }

    public IReadOnlyList<string> FixtureRun { get; }

    public IReadOnlyDictionary<string, string> Excluded { get; }

    public static ConformanceScenarioList Load()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(FilePath));
        var run = document.RootElement.GetProperty("run").EnumerateArray().Select(e => e.GetString()!).ToList();
        var fixtureRun = document.RootElement.GetProperty("fixture_run").EnumerateArray().Select(e => e.GetString()!).ToList();
        var excluded = document.RootElement.GetProperty("excluded").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal);
        return new ConformanceScenarioList(run, fixtureRun, excluded);
    }
}
