using System.Diagnostics;
using System.Text.Json;
using ModelContextProtocol.Client;

namespace McpMemory.Tests.Support;

/// <summary>
/// A real <c>mcp-memory serve</c> over stdio that stops at a named trace point (<c>MCPMEMORY_PAUSE_AT</c>), so that a
/// test can SIGKILL it exactly there once its stderr says it paused.
/// </summary>
public sealed class PausingServer : IAsyncDisposable
{
    private readonly List<string> _stderr = [];
    private readonly TaskCompletionSource _paused = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _point;

    private PausingServer(string point) => _point = point;

    public McpClient Client { get; private set; } = null!;

    public int ProcessId { get; private set; }

    /// <summary>Completes when the server's stderr says it stopped at the point.</summary>
    public Task Paused => _paused.Task;

    public IReadOnlyList<string> Stderr
    {
        get
        {
            lock (_stderr)
            {
                return [.. _stderr];
            }
        }
    }

    /// <summary>Starts a server that pauses at <paramref name="pauseAt"/> (<c>POINT</c> or <c>POINT@N</c>), or never when null.</summary>
    public static async Task<PausingServer> StartAsync(string dataDirectory, string? pauseAt, IDictionary<string, string?> environment, CancellationToken cancellationToken)
    {
        var server = new PausingServer(pauseAt?.Split('@')[0] ?? "\0");
        var env = new Dictionary<string, string?>(environment)
        {
            ["MCPMEMORY_PAUSE_AT"] = pauseAt,
            ["MCPMEMORY_Logging__LogLevel__McpMemory"] = "Debug",
        };
        server.Client = await ServerProcess.StartStdioAsync(dataDirectory, env, server.OnLine, cancellationToken);
        var stats = await server.Client.CallAsync("memory_stats", [], cancellationToken);
        server.ProcessId = stats.GetProperty("owner_process_id").GetInt32();
        return server;
    }

    /// <summary>
    /// Runs <paramref name="call"/> unless the server pauses first; returns the result, or null when the server paused
    /// (the call is then in flight and will never be acknowledged).
    /// </summary>
    public async Task<JsonElement?> CallUnlessPausedAsync(string tool, Dictionary<string, object?> arguments, CancellationToken cancellationToken)
    {
        var call = Client.CallAsync(tool, arguments, cancellationToken);
        var first = await Task.WhenAny(call, Paused);
        if (first == call)
        {
            return await call;
        }

        _ = call.ContinueWith(t => t.Exception, TaskScheduler.Default); // it fails when the process is killed
        return null;
    }

    /// <summary>Waits until the server pauses, checks that it said so through its trace events, and SIGKILLs it.</summary>
    public async Task KillAtPauseAsync(CancellationToken cancellationToken)
    {
        await Paused.WaitAsync(cancellationToken);
        var lines = Stderr;
        Assert.Contains(lines, line => line.Contains($"trace point={_point} ", StringComparison.Ordinal));
        using var process = Process.GetProcessById(ProcessId);
        process.Kill();
        await process.WaitForExitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Client.DisposeAsync();
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or OperationCanceledException)
        {
            // The server was killed on purpose.
        }
    }

    private void OnLine(string line)
    {
        lock (_stderr)
        {
            _stderr.Add(line);
        }

        if (line.Contains($"paused at {_point} ", StringComparison.Ordinal))
        {
            _paused.TrySetResult();
        }
    }
}
