using System.Net;
using System.Threading.Channels;
using McpMemory.Tests.Support;

namespace McpMemory.Tests.A2A;

/// <summary>A push-notification receiver on a free loopback port that answers 500 to its first <c>failures</c> calls, then 200.</summary>
public sealed class Webhook : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Channel<WebhookCall> _calls = Channel.CreateUnbounded<WebhookCall>();
    private int _failuresLeft;

    public Webhook(int failures)
    {
        _failuresLeft = failures;
        Port = ServerProcess.FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string Url(string path) => $"http://127.0.0.1:{Port}/{path}";

    public ChannelReader<WebhookCall> Calls => _calls.Reader;

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            var status = Interlocked.Decrement(ref _failuresLeft) >= 0 ? 500 : 200;
            _calls.Writer.TryWrite(new WebhookCall(DateTimeOffset.UtcNow, context.Request.Url!.AbsolutePath, context.Request.Headers["Authorization"], context.Request.Headers["X-A2A-Notification-Token"], body, status));
            context.Response.StatusCode = status;
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
    }
}

/// <summary>One call the webhook received and what it answered.</summary>
public sealed record WebhookCall(DateTimeOffset At, string Path, string? Authorization, string? Token, string Body, int Status);
