using System.Text.Json;
using McpMemory.Tests.Support;

namespace McpMemory.Tests.Integration;

public sealed class CommandLineTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Demo_StoresTheSampleAndFindsEveryAnswerThroughARealServer()
    {
        var (exit, stdout, stderr) = await ServerProcess.RunAsync(["demo"], cancellationToken: TestTimeouts.Token());

        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("Stored 25 turns", stdout, StringComparison.Ordinal);
        Assert.Contains("6 of 6 questions had their answering turn among the top 3 hits", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvalLocomo_SmallFile_ReportsRecallAgainstTheBaselineAndEndsWithAJsonLine()
    {
        var data = Path.Combine(AppContext.BaseDirectory, "Data", "locomo-mini.json");

        var (exit, stdout, stderr) = await ServerProcess.RunAsync(["eval", "locomo", "--data", data], cancellationToken: TestTimeouts.Token());

        Assert.True(exit == 0, stdout + stderr);
        var json = JsonDocument.Parse(stdout.TrimEnd().Split('\n')[^1]).RootElement;
        // Questions of categories 1-4 with evidence: 5 + 3 = 8 (category 5 and the evidence-less one are left out).
        Assert.Equal(8, json.GetProperty("questions").GetInt32());
        Assert.Equal(1, json.GetProperty("dropped_evidence_ids").GetInt32());
        foreach (var key in new[] { "recall_at_5", "recall_at_10", "recall_at_25", "baseline_recall_at_10", "ingest_turns_per_s", "search_p50_ms", "search_p95_ms" })
        {
            Assert.True(json.TryGetProperty(key, out _), key);
        }

        // Every conversation is shorter than 10 turns, so all evidence is within the top 10 of both systems.
        Assert.Equal(1.0, json.GetProperty("recall_at_10").GetDouble());
        Assert.Equal(1.0, json.GetProperty("baseline_recall_at_10").GetDouble());
        Assert.True(json.GetProperty("recall_at_5").GetDouble() >= 0.75, stdout);
        Assert.Contains("multi-hop", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IngestSearchAndStats_OnTheCommandLine_ShareTheDataDirectory()
    {
        var file = _temp.Combine("notes.jsonl");
        await File.WriteAllLinesAsync(file, [
            """{"text":"The boiler service is booked for the 12th","speaker":"me","timestamp":"2024-02-01T09:00:00Z","client_id":"n1"}""",
            """{"text":"Renew the passport before the trip to Japan","speaker":"me","client_id":"n2"}""",
        ], TestContext.Current.CancellationToken);
        var data = _temp.Combine("data");

        var ingest = await ServerProcess.RunAsync(["ingest", file, "--data-dir", data], cancellationToken: TestTimeouts.Token());
        var again = await ServerProcess.RunAsync(["ingest", file, "--data-dir", data], cancellationToken: TestTimeouts.Token());
        var search = await ServerProcess.RunAsync(["search", "passport renewal", "--json", "--data-dir", data], cancellationToken: TestTimeouts.Token());
        var stats = await ServerProcess.RunAsync(["stats", "--data-dir", data], cancellationToken: TestTimeouts.Token());

        Assert.True(ingest.ExitCode == 0, ingest.Stderr);
        Assert.Contains("Stored 2 new records", ingest.Stdout, StringComparison.Ordinal);
        Assert.Contains("(2 were already there)", again.Stdout, StringComparison.Ordinal);
        var hits = JsonDocument.Parse(search.Stdout).RootElement;
        Assert.Equal("Renew the passport before the trip to Japan", hits[0].GetProperty("episode").GetProperty("text").GetString());
        var namespaces = JsonDocument.Parse(stats.Stdout).RootElement.GetProperty("namespaces");
        Assert.Equal(2, namespaces[0].GetProperty("episodes").GetInt64());
    }

    [Fact]
    public async Task Ingest_FileWithABadLine_StoresNothingAndNamesTheLine()
    {
        var file = _temp.Combine("bad.jsonl");
        await File.WriteAllLinesAsync(file, ["""{"text":"fine"}""", """{"speaker":"no text here"}"""], TestContext.Current.CancellationToken);
        var data = _temp.Combine("data");

        var (exit, _, stderr) = await ServerProcess.RunAsync(["ingest", file, "--data-dir", data], cancellationToken: TestTimeouts.Token());
        var stats = await ServerProcess.RunAsync(["stats", "--data-dir", data], cancellationToken: TestTimeouts.Token());

        Assert.NotEqual(0, exit);
        Assert.Contains("'line 2.text'", stderr, StringComparison.Ordinal);
        Assert.Equal(0, JsonDocument.Parse(stats.Stdout).RootElement.GetProperty("namespaces").GetArrayLength());
    }

    [Fact]
    public async Task Help_OnEverySubcommand_SaysWhatItDoes()
    {
        foreach (var command in new[] { "serve", "demo", "ingest", "search", "stats", "eval", "export", "import", "backup", "restore" })
        {
            var (exit, stdout, _) = await ServerProcess.RunAsync([command, "--help"], cancellationToken: TestTimeouts.Token());
            Assert.Equal(0, exit);
            Assert.Contains("--data-dir", stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Serve_UnknownToolset_RefusesToStartAndListsTheKnownOnes()
    {
        var environment = new Dictionary<string, string?> { ["MCPMEMORY_McpMemory__Toolsets__0"] = "astrology" };

        var (exit, _, stderr) = await ServerProcess.RunAsync(["serve", "--data-dir", _temp.Path], environment, TestTimeouts.Token());

        Assert.Equal(2, exit);
        Assert.Contains("Unknown toolset 'astrology'", stderr, StringComparison.Ordinal);
        Assert.Contains("episodic", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stats_DataDirectoryThatIsAFile_FailsWithAClearMessage()
    {
        var file = _temp.Combine("not-a-folder");
        await File.WriteAllTextAsync(file, "x", TestContext.Current.CancellationToken);

        var (exit, _, stderr) = await ServerProcess.RunAsync(["stats", "--data-dir", file], cancellationToken: TestTimeouts.Token());

        Assert.NotEqual(0, exit);
        Assert.Contains("cannot be used", stderr, StringComparison.Ordinal);
        Assert.Contains("--data-dir", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_RecordWithAnUnknownField_IsRefusedNamingTheField()
    {
        var file = _temp.Combine("typo.jsonl");
        await File.WriteAllLinesAsync(file, ["""{"text":"fine"}""", """{"text":"ok","speeker":"Ann"}"""], TestContext.Current.CancellationToken);

        var (exit, _, stderr) = await ServerProcess.RunAsync(["ingest", file, "--data-dir", _temp.Combine("data")], cancellationToken: TestTimeouts.Token());

        Assert.Equal(2, exit);
        Assert.Contains("Line 2", stderr, StringComparison.Ordinal);
        Assert.Contains("speeker", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "McpMemory": { "Limits": { "MaxBatchSize": 10 """, "Could not parse the JSON file")]
    [InlineData("""{ "McpMemory": { "Limits": { "MaxBatchSize": -5 } } }""", "MaxBatchSize must be between 1 and 100000")]
    public async Task Config_Broken_IsRefusedWithOneClearLine(string json, string expected)
    {
        var config = _temp.Combine("config.json");
        await File.WriteAllTextAsync(config, json, TestContext.Current.CancellationToken);

        var (exit, _, stderr) = await ServerProcess.RunAsync(["stats", "--data-dir", _temp.Combine("data"), "--config", config], cancellationToken: TestTimeouts.Token());

        Assert.Equal(2, exit);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }
}
