using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpMemory.Tests.Interop;
using McpMemory.Tests.Support;
using ModelContextProtocol;
using ModelContextProtocol.Client;

namespace McpMemory.Tests.Tools;

/// <summary>
/// Upstream MCP servers declared in the configuration, hosted by a real <c>mcp-memory serve</c> over stdio and reached
/// through the SDK's client: the official server-everything (real processes, one killed mid-call), a command that never
/// starts, and one that appears later.
/// </summary>
public sealed class UpstreamHostTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Upstreams_ImportForwardAndCacheOnlyTrustedReadOnlyOrAllowed_WhileABrokenOneIsReportedAndHarmless()
    {
        var ct = TestTimeouts.Token();
        var node = await InteropTools.Node22Async();
        var environment = UpstreamConfig.Write(_temp.Combine("config.json"), new JsonObject
        {
            ["everything"] = await UpstreamConfig.EverythingWithPidAsync(_temp.Combine("everything.pid"), trusted: true),
            ["plain"] = new JsonObject { ["command"] = node, ["args"] = new JsonArray(UpstreamConfig.EverythingScript, "stdio"), ["cacheTools"] = new JsonArray("echo") },
            ["broken"] = new JsonObject { ["command"] = "/nonexistent/mcp-server-nowhere", ["args"] = new JsonArray("--stdio") },
        }, new JsonObject { ["RetryDelay"] = "00:01:00" });
        await using var client = await ServerProcess.StartStdioAsync(_temp.Combine("data"), environment, cancellationToken: ct);

        var list = await client.CallAsync("tool_list", new() { ["max_tokens"] = 100000 }, ct);
        var search = await client.CallAsync("tool_search", new() { ["task"] = "add two numbers together", ["k"] = 3, ["source"] = "everything", ["wait_for_embeddings"] = true }, ct);
        var sum1 = await client.CallAsync("tool_call", new() { ["name"] = "everything.get-sum", ["arguments"] = Parse("""{"a":1,"b":2}""") }, ct);
        var sum2 = await client.CallAsync("tool_call", new() { ["name"] = "everything.get-sum", ["arguments"] = Parse("""{ "b": 2.0, "a": 1 }""") }, ct);
        var sum3 = await client.CallAsync("tool_call", new() { ["name"] = "everything.get-sum", ["arguments"] = Parse("""{"a":1,"b":3}""") }, ct);
        var toggle1 = await client.CallAsync("tool_call", new() { ["name"] = "everything.toggle-simulated-logging" }, ct);
        var toggle2 = await client.CallAsync("tool_call", new() { ["name"] = "everything.toggle-simulated-logging" }, ct);
        var plainSum1 = await client.CallAsync("tool_call", new() { ["name"] = "plain.get-sum", ["arguments"] = Parse("""{"a":1,"b":2}""") }, ct);
        var plainSum2 = await client.CallAsync("tool_call", new() { ["name"] = "plain.get-sum", ["arguments"] = Parse("""{"a":1,"b":2}""") }, ct);
        var plainEcho1 = await client.CallAsync("tool_call", new() { ["name"] = "plain.echo", ["arguments"] = Parse("""{"message":"hi"}""") }, ct);
        var plainEcho2 = await client.CallAsync("tool_call", new() { ["name"] = "plain.echo", ["arguments"] = Parse("""{"message":"hi"}""") }, ct);
        var toolError = await client.CallExpectingErrorAsync("tool_call", new() { ["name"] = "everything.get-sum", ["arguments"] = Parse("""{"a":"x","b":1}""") }, ct);
        var noSuchTool = await client.CallExpectingErrorAsync("tool_call", new() { ["name"] = "everything.no-such-tool" }, ct);
        var broken = await client.CallExpectingErrorAsync("tool_call", new() { ["name"] = "broken.echo", ["arguments"] = Parse("""{"message":"hi"}""") }, ct);
        var stats = await client.CallAsync("memory_stats", [], ct);

        var upstreams = list.GetProperty("upstreams").EnumerateArray().ToDictionary(u => u.GetProperty("name").GetString()!);
        Assert.Equal("connected", upstreams["everything"].GetProperty("state").GetString());
        Assert.Equal(13, upstreams["everything"].GetProperty("tools").GetInt32());
        Assert.True(upstreams["everything"].GetProperty("trusted").GetBoolean());
        Assert.Equal("connected", upstreams["plain"].GetProperty("state").GetString());
        Assert.Equal("failed", upstreams["broken"].GetProperty("state").GetString());
        Assert.Contains("/nonexistent/mcp-server-nowhere", upstreams["broken"].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(26, list.GetProperty("total").GetInt32());
        Assert.Contains(list.GetProperty("tools").EnumerateArray(), t => t.GetProperty("name").GetString() == "plain.echo" && t.GetProperty("source").GetString() == "plain");
        Assert.Equal("everything.get-sum", search.GetProperty("tools")[0].GetProperty("tool").GetProperty("name").GetString());
        Assert.True(search.GetProperty("tools")[0].GetProperty("tool").GetProperty("read_only").GetBoolean());

        Assert.Equal("The sum of 1 and 2 is 3.", Text(sum1));
        Assert.False(sum1.GetProperty("cached").GetBoolean());
        Assert.Equal("The sum of 1 and 2 is 3.", Text(sum2));
        Assert.True(sum2.GetProperty("cached").GetBoolean(), "the same arguments, reordered and respelled, are served from the cache");
        Assert.Equal("The sum of 1 and 3 is 4.", Text(sum3));
        Assert.False(sum3.GetProperty("cached").GetBoolean());
        Assert.False(toggle1.GetProperty("cached").GetBoolean());
        Assert.False(toggle2.GetProperty("cached").GetBoolean());
        Assert.NotEqual(Text(toggle1), Text(toggle2));
        Assert.False(plainSum1.GetProperty("cached").GetBoolean());
        Assert.False(plainSum2.GetProperty("cached").GetBoolean(), "an untrusted upstream's read-only hint does not make results cacheable");
        Assert.False(plainEcho1.GetProperty("cached").GetBoolean());
        Assert.True(plainEcho2.GetProperty("cached").GetBoolean(), "cacheTools allows caching explicitly");
        Assert.Equal("plain", plainEcho2.GetProperty("upstream").GetString());
        Assert.Equal("echo", plainEcho2.GetProperty("tool").GetString());

        Assert.Contains("Upstream 'everything' tool 'get-sum' reported an error", toolError, StringComparison.Ordinal);
        Assert.Contains("expected number", toolError, StringComparison.Ordinal);
        Assert.Contains("Upstream 'everything' has no tool 'no-such-tool'", noSuchTool, StringComparison.Ordinal);
        Assert.Contains("Upstream 'broken' is not available", broken, StringComparison.Ordinal);
        Assert.Contains("McpMemory:Upstreams:mcpServers:broken", broken, StringComparison.Ordinal);
        Assert.Contains("[upstream_failure]", broken, StringComparison.Ordinal);
        Assert.NotEmpty(stats.GetProperty("namespaces").EnumerateArray());
    }

    [Fact]
    public async Task Upstream_KilledMidCall_GivesAnErrorNamingIt_ThenIsRestartedForTheNextCall_AndSlowCallsTimeOut()
    {
        var ct = TestTimeouts.Token();
        var pidFile = _temp.Combine("everything.pid");
        var environment = UpstreamConfig.Write(_temp.Combine("config.json"), new JsonObject { ["everything"] = await UpstreamConfig.EverythingWithPidAsync(pidFile) }, new JsonObject { ["CallTimeout"] = "00:00:10" });
        await using var client = await ServerProcess.StartStdioAsync(_temp.Combine("data"), environment, cancellationToken: ct);
        var list = await client.CallAsync("tool_list", [], ct);
        Assert.Equal("connected", list.GetProperty("upstreams")[0].GetProperty("state").GetString());
        var firstPid = Assert.Single(UpstreamConfig.Pids(pidFile));

        var progressed = new FirstProgress();
        var call = client.CallToolAsync("tool_call", new Dictionary<string, object?>
        {
            ["name"] = "everything.trigger-long-running-operation",
            ["arguments"] = Parse("""{"duration":30,"steps":30}"""),
        }, progressed, ServerProcess.ToolOptions, ct).AsTask();
        await progressed.Seen.Task.WaitAsync(ct); // the upstream is working on the call: it reported progress through us
        using (var upstream = Process.GetProcessById(firstPid))
        {
            upstream.Kill();
        }

        var died = await call;
        var echo = await client.CallAsync("tool_call", new() { ["name"] = "everything.echo", ["arguments"] = Parse("""{"message":"back again"}""") }, ct);
        var slow = await client.CallExpectingErrorAsync("tool_call", new() { ["name"] = "everything.trigger-long-running-operation", ["arguments"] = Parse("""{"duration":25,"steps":5}""") }, ct);
        var after = await client.CallAsync("tool_call", new() { ["name"] = "everything.echo", ["arguments"] = Parse("""{"message":"still here"}""") }, ct);

        Assert.True(died.IsError);
        var message = ServerProcess.ErrorText(died);
        Assert.Contains("Upstream 'everything' went away during the call to 'trigger-long-running-operation'", message, StringComparison.Ordinal);
        Assert.Contains("call again", message, StringComparison.Ordinal);
        Assert.Equal("Echo: back again", Text(echo));
        var pids = UpstreamConfig.Pids(pidFile);
        Assert.Equal(2, pids.Count);
        Assert.NotEqual(firstPid, pids[1]);
        Assert.Contains("Upstream 'everything' did not answer the call to 'trigger-long-running-operation' within 10 s", slow, StringComparison.Ordinal);
        Assert.Contains("McpMemory:Upstreams:CallTimeout", slow, StringComparison.Ordinal);
        Assert.Equal("Echo: still here", Text(after));
    }

    [Fact]
    public async Task Upstream_WhoseCommandDoesNotExistYet_IsReported_ThenConnectedOnTheNextCallOnceItDoes()
    {
        var ct = TestTimeouts.Token();
        var node = await InteropTools.Node22Async();
        var script = _temp.Combine("late-server.sh");
        var environment = UpstreamConfig.Write(_temp.Combine("config.json"), new JsonObject { ["late"] = new JsonObject { ["command"] = script } }, new JsonObject { ["RetryDelay"] = "00:01:00" });
        await using var client = await ServerProcess.StartStdioAsync(_temp.Combine("data"), environment, cancellationToken: ct);

        var missing = await client.CallExpectingErrorAsync("tool_call", new() { ["name"] = "late.echo", ["arguments"] = Parse("""{"message":"hello"}""") }, ct);
        var before = await client.CallAsync("tool_list", [], ct);
        await File.WriteAllTextAsync(script, $"#!/bin/sh\nexec '{node}' '{UpstreamConfig.EverythingScript}' stdio\n", ct);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var echo = await client.CallAsync("tool_call", new() { ["name"] = "late.echo", ["arguments"] = Parse("""{"message":"hello"}""") }, ct);
        var after = await client.CallAsync("tool_list", [], ct);

        Assert.Contains("Upstream 'late' is not available", missing, StringComparison.Ordinal);
        Assert.Contains(script, missing, StringComparison.Ordinal);
        Assert.Equal("failed", before.GetProperty("upstreams")[0].GetProperty("state").GetString());
        Assert.Equal(0, before.GetProperty("total").GetInt32());
        Assert.Equal("Echo: hello", Text(echo));
        Assert.Equal("connected", after.GetProperty("upstreams")[0].GetProperty("state").GetString());
        Assert.Equal(13, after.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Upstream_OverStreamableHttp_IsImportedAndCalled()
    {
        var ct = TestTimeouts.Token();
        var node = await InteropTools.Node22Async();
        var port = ServerProcess.FreePort();
        var start = new ProcessStartInfo(node) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(UpstreamConfig.EverythingScript);
        start.ArgumentList.Add("streamableHttp");
        start.Environment["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var upstream = Process.Start(start) ?? throw new InvalidOperationException("could not start server-everything");
        try
        {
            var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            upstream.ErrorDataReceived += (_, e) =>
            {
                if (e.Data?.Contains("listening on port", StringComparison.Ordinal) == true)
                {
                    listening.TrySetResult();
                }
            };
            upstream.BeginErrorReadLine();
            upstream.BeginOutputReadLine();
            await listening.Task.WaitAsync(ct);
            var environment = UpstreamConfig.Write(_temp.Combine("config.json"), new JsonObject { ["remote"] = new JsonObject { ["url"] = $"http://127.0.0.1:{port}/mcp", ["trusted"] = true } });
            await using var client = await ServerProcess.StartStdioAsync(_temp.Combine("data"), environment, cancellationToken: ct);

            var search = await client.CallAsync("tool_search", new() { ["task"] = "echo what I say", ["k"] = 1, ["mode"] = "keyword" }, ct);
            var echo1 = await client.CallAsync("tool_call", new() { ["name"] = "remote.echo", ["arguments"] = Parse("""{"message":"over http"}""") }, ct);
            var echo2 = await client.CallAsync("tool_call", new() { ["name"] = "remote.echo", ["arguments"] = Parse("""{"message":"over http"}""") }, ct);

            Assert.Equal("remote.echo", search.GetProperty("tools")[0].GetProperty("tool").GetProperty("name").GetString());
            Assert.Equal("Echo: over http", Text(echo1));
            Assert.False(echo1.GetProperty("cached").GetBoolean());
            Assert.True(echo2.GetProperty("cached").GetBoolean());
        }
        finally
        {
            upstream.Kill(entireProcessTree: true);
            await upstream.WaitForExitAsync(CancellationToken.None);
        }
    }

    private static string Text(JsonElement result) => result.GetProperty("content")[0].GetProperty("text").GetString()!;

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private sealed class FirstProgress : IProgress<ProgressNotificationValue>
    {
        public TaskCompletionSource Seen { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Report(ProgressNotificationValue value) => Seen.TrySetResult();
    }
}
