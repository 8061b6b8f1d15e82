using System.Text.Json;

namespace McpMemory.Tests.Interop;

/// <summary>
/// <c>tools/interop/conformance-scenarios.json</c>: the conformance suite's server scenarios we run, and those we leave
/// out with the reason (they call the suite's own fixture tools, prompts or resources).
/// </summary>
public sealed class ConformanceScenarioList
{
    private ConformanceScenarioList(IReadOnlyList<string> run, IReadOnlyDictionary<string, string> excluded)
    {
        Run = run;
        Excluded = excluded;
    }

    public static string FilePath { get; } = Path.Combine(InteropTools.Folder, "conformance-scenarios.json");

    public IReadOnlyList<string> Run { get; }

    public IReadOnlyDictionary<string, string> Excluded { get; }

    public static ConformanceScenarioList Load()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(FilePath));
        var run = document.RootElement.GetProperty("run").EnumerateArray().Select(e => e.GetString()!).ToList();
        var excluded = document.RootElement.GetProperty("excluded").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal);
        return new ConformanceScenarioList(run, excluded);
    }
}
