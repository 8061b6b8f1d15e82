using System.Diagnostics;
using McpMemory.Tests.Support;

namespace McpMemory.Tests.Durability;

/// <summary>
/// The data directory on a small tmpfs: writes fail clearly when it is full, nothing acknowledged is lost, and the
/// server carries on once there is room again. Mounting needs root (as in CI); elsewhere the test is skipped.
/// </summary>
public sealed class FullDiskTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private bool _mounted;

    public void Dispose()
    {
        if (_mounted)
        {
            Run("umount", "-l", _temp.Path);
        }

        _temp.Dispose();
    }

    [Fact]
    public async Task DiskFull_WritesFailClearly_AcknowledgedStay_AndWritesResumeWhenSpaceReturns()
    {
        var ct = TestTimeouts.Token();
        var (code, error) = Run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", _temp.Path);
        if (code != 0)
        {
            Assert.Skip($"mounting a tmpfs needs root: {error}");
        }

        _mounted = true;
        var environment = new Dictionary<string, string?> { ["MCPMEMORY_McpMemory__Store__IdleCheckpoint"] = "00:00:00.200" };
        var acknowledged = new List<string>();
        string? failure = null;
        await using (var client = await ServerProcess.StartStdioAsync(_temp.Path, environment, cancellationToken: ct))
        {
            for (var batch = 0; batch < 200 && failure is null; batch++)
            {
                var episodes = Enumerable.Range(0, 10)
                    .Select(i => new Dictionary<string, object?> { ["text"] = $"filler{batch}x{i} " + new string('w', 6000) })
                    .ToList();
                var result = await client.CallToolAsync("episode_add", new Dictionary<string, object?> { ["episodes"] = episodes }, null, ServerProcess.ToolOptions, ct);
                if (result.IsError == true)
                {
                    failure = ServerProcess.ErrorText(result);
                }
                else
                {
                    acknowledged.AddRange(result.StructuredContent!.Value.GetProperty("ids").EnumerateArray().Select(id => id.GetString()!));
                }
            }

            Assert.NotNull(failure);
            Assert.Contains("Free disk space", failure, StringComparison.Ordinal);
            Assert.NotEmpty(acknowledged);
            var before = await client.CallAsync("episode_get", new() { ["ids"] = acknowledged }, ct);
            Assert.Equal(acknowledged.Count, before.GetProperty("episodes").GetArrayLength());

            // Space returns: the same server takes writes again and catches up with embeddings and segments.
            Assert.Equal(0, Run("mount", "-o", "remount,size=256m", _temp.Path).Code);
            var after = await client.CallAsync("episode_add", new() { ["text"] = "written once the disk had room again: albatross" }, ct);
            acknowledged.Add(after.GetProperty("ids")[0].GetString()!);
            var found = await client.CallAsync("episode_search", new() { ["query"] = "albatross", ["wait_for_embeddings"] = true, ["k"] = 1 }, ct);
            Assert.Equal(acknowledged[^1], found.GetProperty("hits")[0].GetProperty("episode").GetProperty("id").GetString());
        }

        await using var restarted = await ServerProcess.StartStdioAsync(_temp.Path, environment, cancellationToken: ct);
        var got = await restarted.CallAsync("episode_get", new() { ["ids"] = acknowledged }, ct);
        var stats = await restarted.CallAsync("memory_stats", [], ct);
        Assert.Equal(acknowledged, got.GetProperty("episodes").EnumerateArray().Select(e => e.GetProperty("episode").GetProperty("id").GetString()));
        Assert.Equal(acknowledged.Count, stats.GetProperty("namespaces")[0].GetProperty("episodes").GetInt32());
    }

    private static (int Code, string Error) Run(string command, params string[] arguments)
    {
        var info = new ProcessStartInfo(command) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(info)!;
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, error);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, ex.Message);
        }
    }
}
