using System.Text.Json;
using McpMemory.Tests.Support;

namespace McpMemory.Tests.Interop;

/// <summary>Runs one server scenario of the official MCP conformance suite and asserts that every check passed.</summary>
public static class ConformanceSuite
{
    /// <summary>
    /// Passes when the suite exits 0 and its checks hold at least one success and nothing but successes and
    /// informational entries: a failed, warned or skipped check fails the test.
    /// </summary>
    public static async Task AssertScenarioPassesAsync(Uri mcpUri, string scenario, string outputDirectory, Func<string> serverLog)
    {
        var run = await InteropTools.RunNodeAsync(
            InteropTools.ConformanceCli,
            ["server", "--url", mcpUri.ToString(), "--scenario", scenario, "-o", outputDirectory],
            TestTimeouts.Token());

        var results = Directory.Exists(outputDirectory) ? Directory.GetFiles(outputDirectory, "checks.json", SearchOption.AllDirectories) : [];
        Assert.True(results.Length == 1, $"the suite wrote no results for {scenario}:\n{run}\nserver:\n{serverLog()}");
        using var checks = JsonDocument.Parse(await File.ReadAllTextAsync(results[0], TestContext.Current.CancellationToken));
        var statuses = checks.RootElement.EnumerateArray()
            .Select(c => (Id: c.GetProperty("id").GetString(), Status: c.GetProperty("status").GetString(), Error: c.TryGetProperty("errorMessage", out var e) ? e.GetString() : null))
            .ToList();
        var notPassed = statuses.Where(c => c.Status is not ("SUCCESS" or "INFO")).Select(c => $"{c.Id}: {c.Status} {c.Error}").ToList();

        Assert.True(run.ExitCode == 0, $"{scenario} failed:\n{run}");
        Assert.True(notPassed.Count == 0, $"{scenario} has checks that did not pass (failed, warned or skipped):\n{string.Join('\n', notPassed)}");
        Assert.Contains(statuses, c => c.Status == "SUCCESS");
    }
}
