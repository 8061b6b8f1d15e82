using System.Globalization;
using System.Text.Json;
using McpMemory.Core.Tools;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpMemory.Mcp.Upstreams;

/// <summary>
/// mcp-memory as an MCP client of one upstream server: connects (starting its process, or over HTTP), imports its
/// tools into the registry, forwards calls, and reconnects with growing waits when the server fails to start or dies.
/// Every failure becomes an <see cref="UpstreamException"/> that names the server and what to do; nothing here
/// throws past the host.
/// </summary>
internal sealed partial class UpstreamConnection : IAsyncDisposable
{
    private const int StderrLines = 5;

    private readonly string _name;
    private readonly UpstreamServerOptions _server;
    private readonly UpstreamOptions _options;
    private readonly TimeProvider _time;
    private readonly Func<IReadOnlyList<ToolDefinition>, CancellationToken, Task> _import;
    private readonly ILogger _logger;
    private readonly ILoggerFactory _loggerFactory;
    private readonly CancellationToken _stopping;
    private readonly Lock _gate = new();
    private readonly Queue<string> _stderr = new();
    private readonly TaskCompletionSource _firstAttempt = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private McpClient? _client;
    private Dictionary<string, Tool> _tools = new(StringComparer.Ordinal);
    private Task<McpClient>? _connecting;
    private bool _retrying;
    private string? _error;
    private int _failures;
    private DateTimeOffset? _nextAttempt;

    public UpstreamConnection(string name, UpstreamServerOptions server, UpstreamOptions options, TimeProvider time, Func<IReadOnlyList<ToolDefinition>, CancellationToken, Task> import, ILoggerFactory loggerFactory, CancellationToken stopping)
    {
        _name = name;
        _server = server;
        _options = options;
        _time = time;
        _import = import;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<UpstreamConnection>();
        _stopping = stopping;
    }

    public string Name => _name;

    /// <summary>Completes once the first attempt to connect has succeeded or failed.</summary>
    public Task FirstAttempt => _firstAttempt.Task;

    public UpstreamStatus Status
    {
        get
        {
            lock (_gate)
            {
                var state = _stopping.IsCancellationRequested ? "stopped" : _client is not null ? "connected" : _connecting is not null ? "connecting" : _error is not null ? "failed" : "connecting";
                return new UpstreamStatus(_name, state, _tools.Count, _server.Trusted, _client is null ? _error : null, _client is null ? _nextAttempt : null);
            }
        }
    }

    /// <summary>Starts connecting in the background.</summary>
    public void Start() => _ = ConnectOrScheduleAsync();

    /// <summary>Whether results of <paramref name="tool"/> may be cached: allowed by configuration, or read-only by a trusted server's word.</summary>
    public bool IsCacheable(string tool)
    {
        if (_server.CacheTools.Contains(tool, StringComparer.Ordinal))
        {
            return true;
        }

        lock (_gate)
        {
            return _server.Trusted && _tools.TryGetValue(tool, out var definition) && definition.Annotations?.ReadOnlyHint == true;
        }
    }

    /// <summary>Forwards a call; returns the upstream's result, tool errors included.</summary>
    public async Task<CallToolResult> CallAsync(string tool, JsonElement? arguments, IProgress<ProgressNotificationValue>? progress, CancellationToken cancellationToken)
    {
        var client = await ConnectedClientAsync(cancellationToken).ConfigureAwait(false);
        bool known;
        lock (_gate)
        {
            known = _tools.ContainsKey(tool);
        }

        if (!known)
        {
            // The server may have changed its tools since we listed them.
            await ListAndImportAsync(client, cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                if (!_tools.ContainsKey(tool))
                {
                    throw new UpstreamException($"Upstream '{_name}' has no tool '{tool}'. Its tools: {string.Join(", ", _tools.Keys.Order(StringComparer.Ordinal))}. Use tool_search or tool_list to find the right name (upstream tools are named {_name}.TOOL).");
                }
            }
        }

        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (arguments is { ValueKind: JsonValueKind.Object } given)
        {
            foreach (var property in given.EnumerateObject())
            {
                values[property.Name] = property.Value.Clone();
            }
        }

        using var timer = new CancellationTokenSource(_options.CallTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            return await client.CallToolAsync(tool, values, progress, new RequestOptions { JsonSerializerOptions = McpJsonUtilities.DefaultOptions }, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException ex) when (timer.IsCancellationRequested)
        {
            throw new UpstreamException($"Upstream '{_name}' did not answer the call to '{tool}' within {Seconds(_options.CallTimeout)} (McpMemory:Upstreams:CallTimeout). The call was cancelled there; try again, or raise the timeout for slow tools.", ex);
        }
        catch (McpProtocolException ex) when (!client.Completion.IsCompleted)
        {
            throw new UpstreamException($"Upstream '{_name}' refused the call to '{tool}': {ex.Message} Check the arguments against the tool's input schema (tool_search and tool_list show it).", ex);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var details = await LostAsync(client).ConfigureAwait(false);
            if (details is null)
            {
                throw new UpstreamException($"Upstream '{_name}' failed during the call to '{tool}': {ex.Message}", ex);
            }

            throw new UpstreamException($"Upstream '{_name}' went away during the call to '{tool}' ({details}); the call's outcome is unknown. mcp-memory is restarting it: call again in a moment, and if it keeps failing check McpMemory:Upstreams:mcpServers:{_name}.", ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        McpClient? client;
        lock (_gate)
        {
            client = _client;
            _client = null;
        }

        if (client is not null)
        {
            await DisposeQuietlyAsync(client).ConfigureAwait(false);
        }
    }

    // The connected client; connects now (or joins the attempt under way) when there is none.
    private async Task<McpClient> ConnectedClientAsync(CancellationToken cancellationToken)
    {
        Task<McpClient> attempt;
        lock (_gate)
        {
            if (_client is { } client && !client.Completion.IsCompleted)
            {
                return client;
            }

            attempt = _connecting ??= ConnectAsync();
        }

        try
        {
            return await attempt.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (UpstreamException)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new UpstreamException(NotConnectedMessage(ex.Message), ex);
        }
    }

    private async Task ConnectOrScheduleAsync()
    {
        try
        {
            await ConnectedClientAsync(_stopping).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is UpstreamException or OperationCanceledException)
        {
            // ConnectAsync recorded the failure and scheduled the next attempt.
        }
    }

    private async Task<McpClient> ConnectAsync()
    {
        // Callers start this under the lock; nothing below may finish before they have recorded the attempt.
        await Task.Yield();
        McpClient? client = null;
        try
        {
            using var timeout = new CancellationTokenSource(_options.StartTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(_stopping, timeout.Token);
            try
            {
                client = await McpClient.CreateAsync(CreateTransport(), new McpClientOptions
                {
                    ClientInfo = new Implementation { Name = "mcp-memory", Version = typeof(UpstreamConnection).Assembly.GetName().Version?.ToString(3) ?? "0.1.0" },
                    InitializationTimeout = _options.StartTimeout,
                }, _loggerFactory, linked.Token).ConfigureAwait(false);
                await ListAndImportAsync(client, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex) when (timeout.IsCancellationRequested && !_stopping.IsCancellationRequested)
            {
                throw new TimeoutException($"it did not complete the MCP handshake within {Seconds(_options.StartTimeout)} (McpMemory:Upstreams:StartTimeout){StderrTail()}", ex);
            }

            McpClient? previous;
            lock (_gate)
            {
                previous = _client;
                _client = client;
                _connecting = null;
                _error = null;
                _failures = 0;
                _nextAttempt = null;
            }

            if (previous is not null)
            {
                await DisposeQuietlyAsync(previous).ConfigureAwait(false);
            }

            LogConnected(_logger, _name, _tools.Count);
            _ = WatchAsync(client);
            _firstAttempt.TrySetResult();
            return client;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            if (client is not null)
            {
                await DisposeQuietlyAsync(client).ConfigureAwait(false);
            }

            var message = Failed(ex is TimeoutException ? ex.Message : Describe(ex) + StderrTail());
            _firstAttempt.TrySetResult();
            throw new UpstreamException(message, ex);
        }
    }

    private IClientTransport CreateTransport()
    {
        if (!string.IsNullOrWhiteSpace(_server.Url))
        {
            return new HttpClientTransport(new HttpClientTransportOptions { Endpoint = new Uri(_server.Url), Name = _name }, _loggerFactory);
        }

        return new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = _name,
            Command = _server.Command!,
            Arguments = _server.Args,
            EnvironmentVariables = _server.Env,
            WorkingDirectory = string.IsNullOrWhiteSpace(_server.Cwd) ? null : _server.Cwd,
            StandardErrorLines = OnStderr,
            ShutdownTimeout = TimeSpan.FromSeconds(5),
        }, _loggerFactory);
    }

    private async Task ListAndImportAsync(McpClient client, CancellationToken cancellationToken)
    {
        var listed = await client.ListToolsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var tools = listed.Select(t => t.ProtocolTool).ToDictionary(t => t.Name, StringComparer.Ordinal);
        lock (_gate)
        {
            _tools = tools;
        }

        var definitions = new List<ToolDefinition>(tools.Count);
        foreach (var tool in tools.Values)
        {
            try
            {
                definitions.Add(ToolRegistry.Check(
                    _name + "." + tool.Name,
                    string.IsNullOrWhiteSpace(tool.Description) ? tool.Title ?? tool.Annotations?.Title ?? tool.Name : tool.Description,
                    tool.InputSchema,
                    _name,
                    tool.Title ?? tool.Annotations?.Title,
                    tool.Annotations?.ReadOnlyHint));
            }
            catch (Core.McpMemoryException ex)
            {
                LogToolSkipped(_logger, _name, tool.Name, ex.Message);
            }
        }

        try
        {
            await _import(definitions, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            // Calls still work without the registry; searching finds the tools once an import succeeds.
            LogImportFailed(_logger, _name, ex);
        }
    }

    // Waits for the session to end, then marks the server lost and schedules a reconnection.
    private async Task WatchAsync(McpClient client)
    {
        var details = await client.Completion.ConfigureAwait(false);
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        lock (_gate)
        {
            if (!ReferenceEquals(_client, client))
            {
                return;
            }
        }

        await LostAsync(client, details).ConfigureAwait(false);
    }

    // When the session of 'client' has ended (or ends within a moment), forgets it, schedules a reconnection and says
    // how it ended; null when it is still alive.
    private async Task<string?> LostAsync(McpClient client, ClientCompletionDetails? details = null)
    {
        if (details is null)
        {
            try
            {
                details = await client.Completion.WaitAsync(TimeSpan.FromMilliseconds(500), _time).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                return null;
            }
        }

        var how = details switch
        {
            StdioClientCompletionDetails { ExitCode: { } code } => $"its process exited with code {code.ToString(CultureInfo.InvariantCulture)}",
            StdioClientCompletionDetails => "its process ended",
            HttpClientCompletionDetails { HttpStatusCode: { } status } => $"HTTP status {(int)status}",
            _ when details.Exception is { } ex => ex.Message,
            _ => "the connection closed",
        };
        bool current;
        lock (_gate)
        {
            current = ReferenceEquals(_client, client);
            if (current)
            {
                _client = null;
            }
        }

        if (current)
        {
            LogLost(_logger, _name, how);
            Failed($"it went away ({how})");
            await DisposeQuietlyAsync(client).ConfigureAwait(false);
        }

        return how;
    }

    // Records a failure and makes sure a reconnection is scheduled, waiting longer after each failure in a row;
    // returns the message that says so.
    private string Failed(string reason)
    {
        TimeSpan delay;
        string message;
        lock (_gate)
        {
            _connecting = null;
            _failures++;
            var factor = Math.Pow(2, Math.Min(_failures - 1, 20));
            delay = TimeSpan.FromTicks((long)Math.Min(_options.RetryDelay.Ticks * factor, _options.MaxRetryDelay.Ticks));
            _nextAttempt = _time.GetUtcNow() + delay;
            _error = message = NotConnectedMessage(reason);
            if (_retrying || _stopping.IsCancellationRequested)
            {
                return message;
            }

            _retrying = true;
        }

        LogRetry(_logger, _name, delay.TotalSeconds, message);
        _ = RetryAsync(delay);
        return message;
    }

    private async Task RetryAsync(TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, _time, _stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        lock (_gate)
        {
            _retrying = false;
        }

        await ConnectOrScheduleAsync().ConfigureAwait(false);
    }

    private void OnStderr(string line)
    {
        LogStderr(_logger, _name, line);
        lock (_stderr)
        {
            _stderr.Enqueue(line.Length > 300 ? line[..300] : line);
            while (_stderr.Count > StderrLines)
            {
                _stderr.Dequeue();
            }
        }
    }

    private string StderrTail()
    {
        lock (_stderr)
        {
            return _stderr.Count == 0 ? "" : "; its last output: " + string.Join(" | ", _stderr);
        }
    }

    private string NotConnectedMessage(string reason)
    {
        var what = string.IsNullOrWhiteSpace(_server.Url) ? $"command '{_server.Command}'" : $"url '{_server.Url}'";
        DateTimeOffset? next;
        lock (_gate)
        {
            next = _nextAttempt;
        }

        var retry = next is { } at && at > _time.GetUtcNow() ? $" mcp-memory tries again in {Seconds(at - _time.GetUtcNow())} and on the next call;" : " mcp-memory tries again on the next call;";
        return $"Upstream '{_name}' is not available: {reason.TrimEnd('.')}.{retry} check its {what} in McpMemory:Upstreams:mcpServers:{_name}.";
    }

    private static string Describe(Exception ex) => ex switch
    {
        System.ComponentModel.Win32Exception win32 => $"its command could not be started ({win32.Message})",
        _ when ex.InnerException is System.ComponentModel.Win32Exception inner => $"its command could not be started ({inner.Message})",
        _ => ex.Message,
    };

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s";

    private async Task DisposeQuietlyAsync(McpClient client)
    {
        try
        {
            await client.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogDisposeFailed(_logger, _name, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Upstream {Upstream} connected with {Tools} tools")]
    private static partial void LogConnected(ILogger logger, string upstream, int tools);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upstream {Upstream} went away: {How}")]
    private static partial void LogLost(ILogger logger, string upstream, string how);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upstream {Upstream} is not available; next attempt in {Seconds} s: {Error}")]
    private static partial void LogRetry(ILogger logger, string upstream, double seconds, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upstream {Upstream} offers tool {Tool}, which the registry cannot hold: {Reason}")]
    private static partial void LogToolSkipped(ILogger logger, string upstream, string tool, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Importing the tools of upstream {Upstream} into the registry failed")]
    private static partial void LogImportFailed(ILogger logger, string upstream, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Upstream {Upstream} stderr: {Line}")]
    private static partial void LogStderr(ILogger logger, string upstream, string line);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Closing upstream {Upstream} failed")]
    private static partial void LogDisposeFailed(ILogger logger, string upstream, Exception exception);
}
