using System.Text.Json;
using McpMemory.Tests.Support;

namespace McpMemory.Tests.Integration;

public sealed class LifecycleCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ExportImport_IntoAFreshDataDirectory_ExportsTheSameLinesAndReimportChangesNothing()
    {
        var input = _temp.Combine("notes.jsonl");
        await File.WriteAllLinesAsync(input, [
            """{"text":"The boiler service is booked for the 12th","speaker":"me","role":"user","timestamp":"2024-02-01T09:00:00.123456Z","conversation_id":"home","session_id":"s1","metadata":{"tags": ["house"], "n": 1},"client_id":"n1"}""",
            """{"text":"Renew the passport before the trip to Japan \u00e9\u263a","speaker":"me"}""",
            """{"text":"Plain line without anything else"}""",
        ], TestContext.Current.CancellationToken);
        var first = _temp.Combine("first");
        var second = _temp.Combine("second");
        Assert.Equal(0, (await ServerProcess.RunAsync(["ingest", input, "--data-dir", first], cancellationToken: TestTimeouts.Token())).ExitCode);

        var export1 = await ServerProcess.RunAsync(["export", "--data-dir", first, "--out", _temp.Combine("a.jsonl")], cancellationToken: TestTimeouts.Token());
        var import1 = await ServerProcess.RunAsync(["import", _temp.Combine("a.jsonl"), "--data-dir", second], cancellationToken: TestTimeouts.Token());
        var import2 = await ServerProcess.RunAsync(["import", _temp.Combine("a.jsonl"), "--data-dir", second], cancellationToken: TestTimeouts.Token());
        var export2 = await ServerProcess.RunAsync(["export", "--data-dir", second], cancellationToken: TestTimeouts.Token());

        Assert.True(export1.ExitCode == 0, export1.Stderr);
        Assert.True(import1.ExitCode == 0, import1.Stderr);
        Assert.Contains("Imported 3 new records", import1.Stdout, StringComparison.Ordinal);
        Assert.Contains("Imported 0 new records into namespace 'default' (3 were already there)", import2.Stdout, StringComparison.Ordinal);
        Assert.Contains("export", export1.Stderr, StringComparison.Ordinal);
        var lines = await File.ReadAllLinesAsync(_temp.Combine("a.jsonl"), TestContext.Current.CancellationToken);
        Assert.Equal(lines, export2.Stdout.TrimEnd('\n').Split('\n'));
        var boiler = JsonDocument.Parse(lines[0]).RootElement;
        Assert.Equal("2024-02-01T09:00:00.123456Z", boiler.GetProperty("timestamp").GetString());
        Assert.Equal("n1", boiler.GetProperty("client_id").GetString());
        Assert.Equal(1, boiler.GetProperty("metadata").GetProperty("n").GetInt32());
        Assert.StartsWith("ep_", boiler.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.True(boiler.TryGetProperty("recorded_at", out _));
    }

    [Fact]
    public async Task Import_FileWithABadLine_NamesTheLineAndFieldAndStoresNothing()
    {
        var file = _temp.Combine("bad.jsonl");
        await File.WriteAllLinesAsync(file, [
            """{"id":"ep_0192b1c3d4e57f00a1b2c3d4e5f60718","text":"fine","recorded_at":"2024-01-01T00:00:00Z"}""",
            """{"text":"also fine"}""",
            """{"text":"bad time","timestamp":"yesterday-ish"}""",
        ], TestContext.Current.CancellationToken);
        var data = _temp.Combine("data");

        var (exit, _, stderr) = await ServerProcess.RunAsync(["import", file, "--data-dir", data], cancellationToken: TestTimeouts.Token());
        var stats = await ServerProcess.RunAsync(["stats", "--data-dir", data], cancellationToken: TestTimeouts.Token());

        Assert.Equal(2, exit);
        Assert.Contains("'line 3.timestamp'", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.Equal(0, JsonDocument.Parse(stats.Stdout).RootElement.GetProperty("namespaces").GetArrayLength());
    }

    [Fact]
    public async Task Backup_WhileAServerTakesWrites_RestoresEveryAcknowledgedRecordIntoAFreshDirectory()
    {
        var data = _temp.Combine("data");
        var backup = _temp.Combine("backup");
        var fresh = _temp.Combine("fresh");
        var acknowledged = new List<string>();
        await using (var server = await ServerProcess.StartStdioAsync(data, cancellationToken: TestTimeouts.Token()))
        {
            for (var i = 0; i < 10; i++)
            {
                var added = await server.CallAsync("episode_add", new() { ["text"] = $"before the backup: albatross{i}" }, TestTimeouts.Token());
                acknowledged.Add(added.GetProperty("ids")[0].GetString()!);
            }

            // A writer keeps adding through the server while the backup (a separate process, forwarding) runs.
            using var stop = new CancellationTokenSource();
            var writer = Task.Run(async () =>
            {
                var count = 0;
                while (!stop.IsCancellationRequested)
                {
                    await server.CallAsync("episode_add", new() { ["text"] = $"during the backup: petrel{count++}" }, TestTimeouts.Token());
                }

                return count;
            }, TestTimeouts.Token());
            var result = await ServerProcess.RunAsync(["backup", backup, "--data-dir", data], cancellationToken: TestTimeouts.Token());
            await stop.CancelAsync();
            var during = await writer;

            Assert.True(result.ExitCode == 0, result.Stderr);
            Assert.Contains("Backed up 1 namespaces", result.Stdout, StringComparison.Ordinal);
            Assert.True(during > 0);

            // A restore into the directory this server uses is refused, and changes nothing.
            var refused = await ServerProcess.RunAsync(["restore", backup, "--data-dir", data, "--force"], cancellationToken: TestTimeouts.Token());
            Assert.Equal(2, refused.ExitCode);
            Assert.Contains("Stop the servers using it", refused.Stderr, StringComparison.Ordinal);
            Assert.Empty(Directory.GetDirectories(data, "replaced-*"));
        }

        var restore = await ServerProcess.RunAsync(["restore", backup, "--data-dir", fresh], cancellationToken: TestTimeouts.Token());
        var export = await ServerProcess.RunAsync(["export", "--data-dir", fresh], cancellationToken: TestTimeouts.Token());

        Assert.True(restore.ExitCode == 0, restore.Stderr);
        var records = export.Stdout.TrimEnd('\n').Split('\n').Select(line => JsonDocument.Parse(line).RootElement).ToList();
        var ids = records.Select(r => r.GetProperty("id").GetString()).ToHashSet();
        Assert.Empty(acknowledged.Except(ids));
        Assert.All(records, r => Assert.Matches("^(before the backup: albatross|during the backup: petrel)[0-9]+$", r.GetProperty("text").GetString()));
        var counts = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(backup, "BACKUP.json"), TestContext.Current.CancellationToken)).RootElement.GetProperty("namespaces");
        Assert.Equal(counts[0].GetProperty("records").GetInt64(), records.Count);
        Assert.Contains($"({records.Count} records)", restore.Stdout, StringComparison.Ordinal);
        await using var restored = await ServerProcess.StartStdioAsync(fresh, cancellationToken: TestTimeouts.Token());
        var search = await restored.CallAsync("episode_search", new() { ["query"] = "albatross7", ["mode"] = "keyword", ["k"] = 1 }, TestTimeouts.Token());
        Assert.Equal(acknowledged[7], search.GetProperty("hits")[0].GetProperty("episode").GetProperty("id").GetString());
    }
}
