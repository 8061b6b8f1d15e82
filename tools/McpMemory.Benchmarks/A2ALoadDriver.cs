using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpMemory.Benchmarks;

/// <summary>
/// The load driver of the <c>a2a</c> benchmark, the same for both agents: A2A v1.0 <c>SendMessage</c> over JSON-RPC
/// (<c>A2A-Version: 1.0</c>) through one <see cref="HttpClient"/> per agent, <c>concurrency</c> workers taking the next
/// request until <c>requests</c> are done. Every reply is read whole inside the timing and checked after it: a JSON-RPC
/// error, a task that did not complete or an answer the check refuses stops the benchmark.
/// </summary>
internal sealed class A2ALoadDriver(string name, Uri endpoint) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) });

    public string Name { get; } = name;

    /// <summary>A user message of the v1.0 JSON shape with one text part or one data part.</summary>
    public static JsonObject Message(string? text = null, JsonObject? data = null) => new()
    {
        ["messageId"] = Guid.NewGuid().ToString("N"),
        ["role"] = "ROLE_USER",
        ["parts"] = new JsonArray(data is null ? new JsonObject { ["text"] = text } : new JsonObject { ["data"] = data }),
    };

    /// <summary>Sends one message and returns the completed task it answered with.</summary>
    public async Task<JsonElement> SendAsync(JsonObject message)
    {
        var body = await PostAsync(message);
        return TaskOf(body);
    }

    /// <summary>
    /// Sends <paramref name="requests"/> messages from <paramref name="concurrency"/> workers and returns the
    /// throughput and latency; <paramref name="check"/> sees every completed task with its request index.
    /// </summary>
    public async Task<A2ALoadSample> RunAsync(Func<int, JsonObject> request, Action<int, JsonElement> check, int requests, int concurrency)
    {
        var latencies = new double[requests];
        var next = -1;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests)
            {
                var message = request(i);
                var started = Stopwatch.GetTimestamp();
                var body = await PostAsync(message);
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                check(i, TaskOf(body));
            }
        });
        await Task.WhenAll(workers);
        var seconds = clock.Elapsed.TotalSeconds;
        return new A2ALoadSample(requests / seconds, Measure.Percentile(latencies, 0.5), Measure.Percentile(latencies, 0.95));
    }

    public void Dispose() => _http.Dispose();

    private async Task<byte[]> PostAsync(JsonObject message)
    {
        var rpc = new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = Guid.NewGuid().ToString("N"),
            ["method"] = "SendMessage",
            ["params"] = new JsonObject { ["message"] = message },
        };
        using var content = new StringContent(rpc.ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        using var post = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = content };
        post.Headers.Add("A2A-Version", "1.0");
        using var response = await _http.SendAsync(post);
        var body = await response.Content.ReadAsByteArrayAsync();
        return response.IsSuccessStatusCode
            ? body
            : throw new InvalidOperationException($"{Name}: SendMessage answered HTTP {(int)response.StatusCode}: {Encoding.UTF8.GetString(body)}");
    }

    private JsonElement TaskOf(byte[] body)
    {
        var reply = JsonDocument.Parse(body).RootElement;
        if (reply.TryGetProperty("error", out var error))
        {
            throw new InvalidOperationException($"{Name}: SendMessage answered an error: {error}");
        }

        if (!reply.TryGetProperty("result", out var result) || !result.TryGetProperty("task", out var task)
            || task.GetProperty("status").GetProperty("state").GetString() != "TASK_STATE_COMPLETED")
        {
            var text = Encoding.UTF8.GetString(body);
            throw new InvalidOperationException($"{Name}: SendMessage did not answer a completed task: {text[..Math.Min(text.Length, 400)]}");
        }

        return task;
    }
}
