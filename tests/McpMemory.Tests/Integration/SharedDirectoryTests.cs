using System.Diagnostics;
using McpMemory.Tests.Support;

namespace McpMemory.Tests.Integration;

public sealed class SharedDirectoryTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task TwoStdioServers_OnOneDirectory_SeeEachOthersWritesWithinASecond()
    {
        await using var desktop = await ServerProcess.StartStdioAsync(_temp.Path, cancellationToken: TestTimeouts.Token());
        await desktop.CallAsync("memory_stats", [], TestTimeouts.Token());
        await using var ide = await ServerProcess.StartStdioAsync(_temp.Path, cancellationToken: TestTimeouts.Token());

        var fromDesktop = await desktop.CallAsync("episode_add", new() { ["text"] = "Desktop wrote about the aurora borealis" }, TestTimeouts.Token());
        var seenByIde = await WaitForKeywordAsync(ide, "aurora", TimeSpan.FromSeconds(1));
        var fromIde = await ide.CallAsync("episode_add", new() { ["text"] = "The IDE wrote about a quasar" }, TestTimeouts.Token());
        var seenByDesktop = await WaitForKeywordAsync(desktop, "quasar", TimeSpan.FromSeconds(1));
        var ideStats = await ide.CallAsync("memory_stats", [], TestTimeouts.Token());
        var desktopStats = await desktop.CallAsync("memory_stats", [], TestTimeouts.Token());

        Assert.Equal(fromDesktop.GetProperty("ids")[0].GetString(), seenByIde);
        Assert.Equal(fromIde.GetProperty("ids")[0].GetString(), seenByDesktop);
        Assert.Equal("owner", desktopStats.GetProperty("role").GetString());
        Assert.Equal("forwarder", ideStats.GetProperty("role").GetString());
        Assert.Equal(2, ideStats.GetProperty("namespaces")[0].GetProperty("episodes").GetInt64());
    }

    [Fact]
    public async Task OwnerKilled_TheOtherProcessTakesOver_AndNoAcknowledgedRecordIsLost()
    {
        var first = await ServerProcess.StartStdioAsync(_temp.Path, cancellationToken: TestTimeouts.Token());
        var ownerPid = (await first.CallAsync("memory_stats", [], TestTimeouts.Token())).GetProperty("owner_process_id").GetInt32();
        await using var second = await ServerProcess.StartStdioAsync(_temp.Path, cancellationToken: TestTimeouts.Token());
        var secondStats = await second.CallAsync("memory_stats", [], TestTimeouts.Token());
        Assert.Equal("forwarder", secondStats.GetProperty("role").GetString());
        Assert.Equal(ownerPid, secondStats.GetProperty("owner_process_id").GetInt32());
        var acknowledged = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            var client = i % 2 == 0 ? first : second;
            var added = await client.CallAsync("episode_add", new() { ["text"] = $"acknowledged record pelican{i}" }, TestTimeouts.Token());
            acknowledged.Add(added.GetProperty("ids")[0].GetString()!);
        }

        using (var owner = Process.GetProcessById(ownerPid))
        {
            owner.Kill();
            await owner.WaitForExitAsync(TestTimeouts.Token());
        }

        var got = await second.CallAsync("episode_get", new() { ["ids"] = acknowledged }, TestTimeouts.Token());
        var search = await second.CallAsync("episode_search", new() { ["query"] = "pelican13", ["mode"] = "keyword", ["k"] = 1 }, TestTimeouts.Token());
        var stats = await second.CallAsync("memory_stats", [], TestTimeouts.Token());

        Assert.Equal(acknowledged, got.GetProperty("episodes").EnumerateArray().Select(e => e.GetProperty("episode").GetProperty("id").GetString()));
        Assert.Equal(acknowledged[13], search.GetProperty("hits")[0].GetProperty("episode").GetProperty("id").GetString());
        Assert.Equal("owner", stats.GetProperty("role").GetString());
        Assert.NotEqual(ownerPid, stats.GetProperty("owner_process_id").GetInt32());
        try
        {
            await first.DisposeAsync();
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or OperationCanceledException)
        {
            // Its server was killed on purpose.
        }
    }

    [Fact]
    public async Task OwnerStopsGracefully_TheOtherProcessCarriesOnWithEverything()
    {
        var first = await ServerProcess.StartStdioAsync(_temp.Path, cancellationToken: TestTimeouts.Token());
        var firstPid = (await first.CallAsync("memory_stats", [], TestTimeouts.Token())).GetProperty("owner_process_id").GetInt32();
        await using var second = await ServerProcess.StartStdioAsync(_temp.Path, cancellationToken: TestTimeouts.Token());
        var added = await second.CallAsync("episode_add", new() { ["text"] = "written through the owner before it closed: narwhal" }, TestTimeouts.Token());

        // Closing stdin stops the owner: it drains forwarded calls, writes its segments and releases the lock.
        await first.DisposeAsync();
        var found = await second.CallAsync("episode_search", new() { ["query"] = "narwhal", ["mode"] = "keyword" }, TestTimeouts.Token());
        var stats = await second.CallAsync("memory_stats", [], TestTimeouts.Token());

        Assert.Equal(added.GetProperty("ids")[0].GetString(), found.GetProperty("hits")[0].GetProperty("episode").GetProperty("id").GetString());
        Assert.Equal("owner", stats.GetProperty("role").GetString());
        Assert.NotEqual(firstPid, stats.GetProperty("owner_process_id").GetInt32());
    }

    private static async Task<string?> WaitForKeywordAsync(ModelContextProtocol.Client.McpClient client, string word, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < within)
        {
            var result = await client.CallAsync("episode_search", new() { ["query"] = word, ["mode"] = "keyword", ["k"] = 1 }, TestTimeouts.Token());
            if (result.GetProperty("hits").GetArrayLength() > 0)
            {
                return result.GetProperty("hits")[0].GetProperty("episode").GetProperty("id").GetString();
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        return null;
    }
}
