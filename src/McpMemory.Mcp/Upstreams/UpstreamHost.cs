using System.Text.Json;
using McpMemory.Core;
using McpMemory.Core.Identity;
using McpMemory.Core.Tools;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpMemory.Mcp.Upstreams;

/// <summary>
/// The upstream MCP servers of the configuration (<see cref="UpstreamOptions"/>): connects to each when the server
/// starts (or on first use), imports their tools into the registry of <see cref="Namespace"/> as
/// <c>UPSTREAM.TOOL</c>, forwards calls, and caches results of tools whose results may be cached. One server that fails
/// never stops the others or the host.
/// </summary>
public sealed class UpstreamHost : IHostedService, IAsyncDisposable
{
    private readonly Dictionary<string, UpstreamConnection> _connections = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly UpstreamOptions _options;
    private readonly Lock _gate = new();
    private bool _started;

    /// <summary>
    /// Creates the host; nothing connects until <see cref="EnsureStarted"/> or <see cref="StartAsync"/>. The registry
    /// (and so the store behind it) is resolved from <paramref name="services"/> only when a server's tools are
    /// imported, so that a server without upstreams starts as fast as before.
    /// </summary>
    public UpstreamHost(IOptions<UpstreamOptions> options, IOptions<McpMemoryOptions> memoryOptions, PrincipalDirectory principals, IServiceProvider services, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(memoryOptions);
        ArgumentNullException.ThrowIfNull(principals);
        ArgumentNullException.ThrowIfNull(services);
        var registry = new Lazy<ToolRegistry>(() => (ToolRegistry)(services.GetService(typeof(ToolRegistry)) ?? throw new InvalidOperationException("ToolRegistry is not registered: call WithMemoryTools().")));
        _options = options.Value;
        Namespace = NamespaceName.Validate(_options.Namespace ?? principals.Local.DefaultNamespace, "McpMemory:Upstreams:Namespace");
        var time = memoryOptions.Value.TimeProvider;
        Cache = new UpstreamResultCache(time, _options.MaxCacheEntries, _options.CacheTtl);
        foreach (var (name, server) in _options.McpServers.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            _connections[name] = new UpstreamConnection(name, server, _options, time, (tools, ct) => registry.Value.SyncSourceAsync(Namespace, name, tools, ct), loggerFactory ?? NullLoggerFactory.Instance, _stopping.Token);
        }
    }

    /// <summary>The namespace whose registry holds the upstream tools.</summary>
    public string Namespace { get; }

    /// <summary>The results cache.</summary>
    public UpstreamResultCache Cache { get; }

    /// <summary>Whether any upstream server is configured.</summary>
    public bool HasUpstreams => _connections.Count > 0;

    /// <summary>Where each upstream stands.</summary>
    public IReadOnlyList<UpstreamStatus> Status() => _connections.Values.Select(c => c.Status).ToList();

    /// <summary>Starts connecting to every upstream in the background (once).</summary>
    public void EnsureStarted()
    {
        lock (_gate)
        {
            if (_started || _stopping.IsCancellationRequested)
            {
                return;
            }

            _started = true;
        }

        foreach (var connection in _connections.Values)
        {
            connection.Start();
        }
    }

    /// <summary>Starts connecting, and waits until every upstream has been tried once (each attempt is bounded by its start timeout).</summary>
    public async Task WhenTriedAsync(CancellationToken cancellationToken)
    {
        EnsureStarted();
        await Task.WhenAll(_connections.Values.Select(c => c.FirstAttempt)).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Splits <c>UPSTREAM.TOOL</c> into an upstream this host has and its tool; false when the name names none.</summary>
    public bool TryResolve(string qualifiedName, out string upstream, out string tool)
    {
        ArgumentNullException.ThrowIfNull(qualifiedName);
        var dot = qualifiedName.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0 && dot < qualifiedName.Length - 1 && _connections.ContainsKey(qualifiedName[..dot]))
        {
            upstream = qualifiedName[..dot];
            tool = qualifiedName[(dot + 1)..];
            return true;
        }

        upstream = tool = "";
        return false;
    }

    /// <summary>Whether results of <paramref name="tool"/> of <paramref name="upstream"/> are cached.</summary>
    public bool IsCacheable(string upstream, string tool) => _connections.TryGetValue(upstream, out var connection) && connection.IsCacheable(tool);

    /// <summary>
    /// Calls <paramref name="tool"/> of <paramref name="upstream"/> for namespace <paramref name="ns"/>: from the cache
    /// when its result may be cached and a fresh one is there, else forwarded. A tool error of the upstream is returned
    /// (<c>isError</c>), never cached; failures to reach it throw <see cref="UpstreamException"/>. The upstream's progress
    /// notifications go to <paramref name="progress"/>.
    /// </summary>
    public async Task<UpstreamCallResult> CallAsync(string ns, string upstream, string tool, JsonElement? arguments, IProgress<ProgressNotificationValue>? progress = null, CancellationToken cancellationToken = default)
    {
        if (!_connections.TryGetValue(upstream, out var connection))
        {
            throw new UpstreamException($"No upstream server is called '{upstream}'. Upstreams are declared only in the configuration (McpMemory:Upstreams:mcpServers); configured: {(_connections.Count == 0 ? "none" : string.Join(", ", _connections.Keys))}.");
        }

        EnsureStarted();
        var cacheable = connection.IsCacheable(tool);
        var key = UpstreamResultCache.Key(ns, upstream, tool, arguments);
        if (cacheable && Cache.TryGet(key, out var cached, out var storedAt))
        {
            return new UpstreamCallResult(upstream, tool, cached, Cached: true, storedAt);
        }

        var result = await connection.CallAsync(tool, arguments, progress, cancellationToken).ConfigureAwait(false);
        var json = JsonSerializer.SerializeToElement(result, McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(CallToolResult)));

        // The tool list (and so its hints) is known only after connecting: ask again.
        if (result.IsError != true && (cacheable || connection.IsCacheable(tool)))
        {
            Cache.Set(key, json);
        }

        return new UpstreamCallResult(upstream, tool, json, Cached: false, null);
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        EnsureStarted();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync().ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
        }

        foreach (var connection in _connections.Values)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
