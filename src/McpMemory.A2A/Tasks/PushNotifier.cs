using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using McpMemory.A2A.Protocol;
using McpMemory.A2A.Server;
using McpMemory.Core;
using McpMemory.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace McpMemory.A2A.Tasks;

/// <summary>
/// Delivers task updates to the webhooks of their push configs: each update is POSTed, in order per webhook, until
/// one try answers 2xx (at least once), with <c>Authorization: SCHEME CREDENTIALS</c> and
/// <c>X-A2A-Notification-Token</c> when configured, retried after a backoff that doubles from
/// <see cref="A2AServerOptions.PushInitialBackoff"/> up to <see cref="A2AServerOptions.PushMaxAttempts"/> tries.
/// v1.0 webhooks get the update as a <c>StreamResponse</c>; v0.3 webhooks get the whole task. Each update is spooled to
/// <c>DATA_DIR/a2a/push/</c> before it is sent and removed once delivered (or given up), and a server that starts finds
/// the spool and delivers what is left, in order, so an update queued when the server stopped is still delivered.
/// </summary>
internal sealed partial class PushNotifier : IDisposable
{
    private readonly A2AServerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<PushNotifier> _logger;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly ConcurrentDictionary<string, Channel<(string File, string Payload)>> _queues = new(StringComparer.Ordinal);
    private readonly string _spool;
    private long _sequence;

    public PushNotifier(IOptions<A2AServerOptions> options, IOptions<McpMemoryOptions> memoryOptions, ILogger<PushNotifier> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(memoryOptions);
        _options = options.Value;
        _time = memoryOptions.Value.TimeProvider;
        _logger = logger;
        _spool = Path.Combine(memoryOptions.Value.DataDirectory, "a2a", "push");
        Directory.CreateDirectory(_spool);
        Resume();
    }

    // Delivers what an earlier run spooled and did not deliver, in the order it was queued.
    private void Resume()
    {
        foreach (var file in Directory.EnumerateFiles(_spool, "*.json").Order(StringComparer.Ordinal))
        {
            PendingPush? pending;
            try
            {
                pending = JsonSerializer.Deserialize(File.ReadAllBytes(file), TaskStoreJsonContext.Default.PendingPush);
            }
            catch (Exception e) when (e is JsonException or IOException)
            {
                LogUnreadable(_logger, file, e);
                continue;
            }

            if (pending is not null)
            {
                Queue(pending.Key, pending.Config).Writer.TryWrite((file, pending.Payload));
            }
        }
    }

    private Channel<(string File, string Payload)> Queue(string key, A2APushConfig config) =>
        _queues.GetOrAdd(key, k =>
        {
            var channel = Channel.CreateUnbounded<(string, string)>(new UnboundedChannelOptions { SingleReader = true });
            _ = Task.Run(() => DeliverAllAsync(k, config, channel.Reader), CancellationToken.None);
            return channel;
        });

    /// <summary>True when some webhook URLs are allowed.</summary>
    public bool Enabled => _options.PushAllowedUrls.Count > 0;

    /// <summary>Checks that a webhook URL is absolute http(s) and inside the allowed prefixes.</summary>
    public void CheckUrl(string url, string path)
    {
        if (!Enabled)
        {
            throw A2AOperations.PushNotSupported();
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw A2AException.InvalidParams($"'{path}.url' is '{url}', which is not an absolute http or https URL.");
        }

        if (!_options.PushAllowedUrls.Any(prefix => UrlPrefix.IsUnder(uri, prefix)))
        {
            throw A2AException.InvalidParams($"Push notifications to '{url}' are not allowed: this server only calls webhooks under {string.Join(", ", _options.PushAllowedUrls)}. Use one of those, or ask its operator to add a prefix to McpMemory:A2A:PushAllowedUrls.");
        }
    }

    /// <summary>Queues <paramref name="taskEvent"/> for every webhook of <paramref name="task"/> (the task after the change).</summary>
    public void Notify(A2ATask task, A2ATaskEvent taskEvent)
    {
        foreach (var config in task.PushConfigs)
        {
            var payload = config.Family == A2AFamily.V1 ? A2AWire.WriteEvent(taskEvent, A2AFamily.V1) : A2AWire.WriteTask(task, A2AFamily.V03);
            var key = task.Id + "/" + config.Id;
            var body = A2AWire.ToJson(payload);
            var file = Spool(new PendingPush(key, config, body));
            var queue = Queue(key, config);
            queue.Writer.TryWrite((file, body));
            if (task.Status.State.IsTerminal())
            {
                queue.Writer.TryComplete();
            }
        }
    }

    // Written whole before it is queued: a name that sorts in queue order (time, then a counter), a temporary file renamed.
    private string Spool(PendingPush pending)
    {
        var name = $"{_time.GetUtcNow().UtcTicks:D20}-{Interlocked.Increment(ref _sequence):D10}.json";
        var path = Path.Combine(_spool, name);
        var temporary = path + ".tmp";
        // Only this user may read it: it holds the webhook's credentials and the task's content.
        PrivateFile.Write(path, temporary, JsonSerializer.SerializeToUtf8Bytes(pending, TaskStoreJsonContext.Default.PendingPush), flush: false);
        return path;
    }

    private async Task DeliverAllAsync(string key, A2APushConfig config, ChannelReader<(string File, string Payload)> payloads)
    {
        try
        {
            await foreach (var (file, payload) in payloads.ReadAllAsync().ConfigureAwait(false))
            {
                await DeliverAsync(config, payload).ConfigureAwait(false);
                File.Delete(file);
            }
        }
        finally
        {
            _queues.TryRemove(key, out _);
        }
    }

    private async Task DeliverAsync(A2APushConfig config, string payload)
    {
        var backoff = _options.PushInitialBackoff;
        for (var attempt = 1; ; attempt++)
        {
            string failure;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, config.Url) { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
                if (config.Token is { Length: > 0 } token)
                {
                    request.Headers.Add("X-A2A-Notification-Token", token);
                }

                if (config.Scheme is { Length: > 0 } scheme)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue(scheme, config.Credentials);
                }

                using var response = await _http.SendAsync(request).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                failure = $"HTTP {(int)response.StatusCode}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                failure = e.Message;
            }

            if (attempt >= _options.PushMaxAttempts)
            {
                LogGaveUp(_logger, config.Url, attempt, failure);
                return;
            }

            LogRetry(_logger, config.Url, attempt, failure, backoff.TotalMilliseconds);
            await Task.Delay(backoff, _time).ConfigureAwait(false);
            backoff *= 2;
        }
    }

    public void Dispose() => _http.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "Push notification to {Url} failed on try {Attempt} ({Failure}); retrying in {DelayMs} ms")]
    private static partial void LogRetry(ILogger logger, string url, int attempt, string failure, double delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A spooled push notification {File} could not be read and is left where it is")]
    private static partial void LogUnreadable(ILogger logger, string file, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gave up a push notification to {Url} after {Attempts} tries ({Failure})")]
    private static partial void LogGaveUp(ILogger logger, string url, int attempts, string failure);
}
